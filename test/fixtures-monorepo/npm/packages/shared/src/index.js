'use strict';
exports.greeting = (who) => `hello from @acme/shared to ${who}`;
