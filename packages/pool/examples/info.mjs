// Python's info() example: which process runs what. This file is also its own `tasks` module, so `f` and
// `info` go to the child by name; isMainProcess() is `if __name__ == '__main__'`.
import { Process, currentProcess, isMainProcess, parentProcess } from '@fanout/pool';

export function info(title) {
  console.log(title);
  console.log('process name:', currentProcess().name);
  console.log('parent process:', parentProcess()?.pid ?? process.ppid);
  console.log('process id:', process.pid);
}

export function f(name) {
  info('function f');
  console.log('hello', name);
}

if (isMainProcess()) {
  info('main line');
  const p = new Process({ target: f, args: ['bob'], tasks: import.meta.url });
  p.start();
  await p.join();
}
