/**
 * Whether binding (or calling) `host` stays on this machine: `127.0.0.0/8`, `localhost`, `::1`
 * (also written `[::1]` or `::ffff:127.x.y.z`). `""` (all interfaces) is not loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost' || name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  const ipv4 = /^(?:::ffff:)?127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  return ipv4 !== null && ipv4.slice(1).every((octet) => Number(octet) <= 255);
}
