'use strict';
// A stand-in for a compiler: lib/ only exists once the image has built this package.
const { copyFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const root = join(__dirname, '..');
mkdirSync(join(root, 'lib'), { recursive: true });
copyFileSync(join(root, 'src', 'index.js'), join(root, 'lib', 'index.js'));
