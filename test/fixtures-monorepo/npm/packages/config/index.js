module.exports = { lint: true };
