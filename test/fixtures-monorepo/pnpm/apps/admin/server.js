require('node:http').createServer((q, s) => s.end('admin')).listen(process.env.PORT || 4200);
