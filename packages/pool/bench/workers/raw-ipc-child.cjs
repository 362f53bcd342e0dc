// The reference for the tiny-task row: a bare child_process worker with no pool layer (see rawIpcTiny in run.mjs).
'use strict';
const { square } = { square: (x) => x * x };
process.on('message', (message) => {
  if (message === 'ping') {
    process.send('pong');
    return;
  }
  const values = [];
  for (let i = 0; i < message.items.length; i++) values.push(square(message.items[i]));
  process.send({ id: message.id, values });
});
