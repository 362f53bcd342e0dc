// Python:
//   with Pool(5) as p:
//       print(p.map(f, [1, 2, 3]))
import { Pool } from '@fanout/pool';

function f(x) {
  return x ** 2;
}

const p = new Pool(5);
try {
  console.log(await p.map(f, [1, 2, 3]));
} finally {
  await p.terminate();
}
