'use strict';
const http = require('node:http');
const { title } = require('@yc/strings');

const port = process.env.PORT || 9090;
http.createServer((req, res) => res.end(title('yarn classic workspace'))).listen(port);
