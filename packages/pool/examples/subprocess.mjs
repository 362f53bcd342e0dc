// Python's current_process() / Process(name="SubProcess") example: the parent ends its own work first,
// and a non-daemon child keeps the program alive until it is done.
import { setTimeout as sleep } from 'node:timers/promises';
import { Process, currentProcess, isMainProcess } from '@fanout/pool';

export async function worker() {
  const proc = currentProcess();
  console.log(proc.name);
  console.log(proc.pid);
  await sleep(1000);
  console.log('SubProcess End');
}

if (isMainProcess()) {
  const proc = currentProcess();
  console.log(proc.name);
  console.log(proc.pid);

  const p = new Process({ name: 'SubProcess', target: worker, tasks: import.meta.url });
  p.start();

  console.log('MainProcess End');
}
