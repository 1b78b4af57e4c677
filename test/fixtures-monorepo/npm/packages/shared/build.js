'use strict';
// A stand-in for a compiler: writes dist/ from src/, so the image must build this package first.
const { copyFileSync, mkdirSync } = require('node:fs');
mkdirSync(`${__dirname}/dist`, { recursive: true });
copyFileSync(`${__dirname}/src/index.js`, `${__dirname}/dist/index.js`);
