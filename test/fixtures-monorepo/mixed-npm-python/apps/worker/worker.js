'use strict';
// A queue worker: no port, works until SIGTERM, then finishes the job at hand and exits.
const { greeting } = require('@acme/shared');

let running = true;
const timer = setInterval(() => console.log(`${greeting('worker')}: polling`), 1000);
process.on('SIGTERM', () => {
  running = false;
  clearInterval(timer);
  console.log('worker stopping');
});
console.log(`worker started (${running ? 'running' : 'stopped'})`);
