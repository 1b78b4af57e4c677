exports.banner = (name) => `[${name}] ready`;
