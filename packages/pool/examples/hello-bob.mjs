// Python:
//   p = Process(target=f, args=('bob',))
//   p.start()
//   p.join()
import { Process } from '@fanout/pool';

function f(name) {
  console.log('hello', name);
}

const p = new Process({ target: f, args: ['bob'] });
p.start();
await p.join();
