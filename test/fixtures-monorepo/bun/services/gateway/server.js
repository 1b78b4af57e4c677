'use strict';
const { createServer } = require('node:http');
const { banner } = require('@bun-mono/format');

const port = Number(process.env.PORT) || 7070;
createServer((req, res) => res.end(banner('gateway'))).listen(port, '0.0.0.0');
