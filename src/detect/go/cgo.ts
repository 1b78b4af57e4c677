/**
 * Modules that only build with cgo (they compile C code or link a C library). Matched by module
 * path prefix, with or without a `/vN` suffix, against go.mod's requirements, indirect ones
 * included: `gorm.io/driver/sqlite` pulls in mattn/go-sqlite3 that way. Pure-Go alternatives
 * (modernc.org/sqlite, glebarez/sqlite, ncruces/go-sqlite3) are deliberately absent.
 *
 * `system`: the Debian packages the module links against, which the image must install; the
 * modules without it bundle their C sources and need only a C compiler and glibc.
 */
export interface CgoModule {
  path: string;
  system?: { build: string; what: string };
}

export const CGO_MODULES: readonly CgoModule[] = [
  { path: 'github.com/mattn/go-sqlite3' },
  { path: 'github.com/mutecomm/go-sqlcipher' },
  { path: 'github.com/confluentinc/confluent-kafka-go' },
  { path: 'github.com/DataDog/zstd' },
  { path: 'github.com/valyala/gozstd' },
  { path: 'github.com/bytecodealliance/wasmtime-go' },
  { path: 'github.com/wasmerio/wasmer-go' },
  { path: 'github.com/davidbyttow/govips', system: { build: 'libvips-dev', what: 'libvips' } },
  { path: 'github.com/h2non/bimg', system: { build: 'libvips-dev', what: 'libvips' } },
  { path: 'gopkg.in/gographics/imagick.v3', system: { build: 'libmagickwand-dev', what: 'ImageMagick' } },
  { path: 'gopkg.in/gographics/imagick.v2', system: { build: 'libmagickwand-dev', what: 'ImageMagick' } },
  { path: 'github.com/linxGnu/grocksdb', system: { build: 'librocksdb-dev', what: 'RocksDB' } },
  { path: 'github.com/tecbot/gorocksdb', system: { build: 'librocksdb-dev', what: 'RocksDB' } },
  { path: 'github.com/google/gopacket/pcap', system: { build: 'libpcap-dev', what: 'libpcap' } },
  { path: 'github.com/gopacket/gopacket/pcap', system: { build: 'libpcap-dev', what: 'libpcap' } },
];

export function cgoModuleFor(modulePath: string): CgoModule | undefined {
  const bare = modulePath.replace(/\/v\d+$/, '');
  return CGO_MODULES.find((m) => bare === m.path || modulePath.startsWith(`${m.path}/`));
}
