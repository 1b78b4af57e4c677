'use strict';
exports.title = (text) => text.replace(/\b\w/g, (c) => c.toUpperCase());
