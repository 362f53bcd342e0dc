// Python's work_func example: 12 one-second tasks on 4 workers take about 3 s.
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, isMainProcess } from '@fanout/pool';

export async function workFunc(x) {
  console.log('work_func:', x, 'PID', process.pid);
  await sleep(1000);
  return x ** 5;
}

if (isMainProcess()) {
  const start = Date.now();
  const pool = new Pool({ processes: 4, tasks: import.meta.url });
  try {
    console.log(await pool.map(workFunc, Array.from({ length: 12 }, (_, i) => i)));
  } finally {
    await pool.terminate();
  }
  console.log('***run time(sec) :', Math.floor((Date.now() - start) / 1000));
}
