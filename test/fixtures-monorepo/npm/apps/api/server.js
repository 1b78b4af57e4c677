'use strict';
const http = require('node:http');
const { greeting } = require('@acme/shared');

const port = Number(process.env.PORT) || 8080;

http
  .createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`${greeting('api')}\n`);
  })
  .listen(port, '0.0.0.0', () => console.log(`api listening on ${port}`));
