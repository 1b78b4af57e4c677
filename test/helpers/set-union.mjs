// gitlab-ci-local uses Set.prototype.union (Node.js 22); dockgen's tests run on Node.js 20 too.
// The one method it calls, as the proposal defines it, and only where Node.js lacks it.
if (typeof Set.prototype.union !== 'function') {
  Object.defineProperty(Set.prototype, 'union', {
    value(other) {
      const out = new Set(this);
      for (const value of other.keys()) out.add(value);
      return out;
    },
    writable: true,
    configurable: true,
  });
}
