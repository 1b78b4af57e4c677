require('node:http').createServer((q, s) => s.end('docs')).listen(process.env.PORT || 5060);
