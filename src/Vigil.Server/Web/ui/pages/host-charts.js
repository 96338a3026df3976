// Which charts the host page draws, from which metrics, and how each series is labelled.
// Attribute names are the agent's (docs/collectors.md).

export const RANGES = [
  { id: '15m', ms: 15 * 60e3 },
  { id: '1h', ms: 60 * 60e3 },
  { id: '6h', ms: 6 * 3600e3 },
  { id: '24h', ms: 24 * 3600e3 },
  { id: '7d', ms: 7 * 86400e3 },
];

export const CHARTS = [
  {
    id: 'cpu', title: 'CPU', note: 'whole machine, busy modes', unit: '1', stacked: true,
    metrics: ['system.cpu.utilization'],
    order: ['user', 'system', 'iowait', 'nice', 'softirq', 'interrupt', 'steal'],
    colors: { user: '#2563eb', system: '#f59e0b', iowait: '#dc2626', nice: '#16a34a', softirq: '#0891b2', interrupt: '#db2777', steal: '#7c3aed' },
    // Series without cpu.logical_number are the whole machine; idle is the complement of the rest.
    keep: (a) => !('cpu.logical_number' in a) && a['cpu.mode'] !== 'idle',
    label: (a) => a['cpu.mode'] ?? 'cpu',
  },
  {
    id: 'memory', title: 'Memory', note: 'by state, stacked to the total', unit: 'By', stacked: true,
    metrics: ['system.memory.usage'],
    // slab_unreclaimable is already inside used; the other states add up to MemTotal.
    keep: (a) => a['system.memory.state'] !== 'slab_unreclaimable',
    order: ['used', 'buffers', 'cached', 'slab_reclaimable', 'free'],
    colors: { used: '#2563eb', buffers: '#0891b2', cached: '#16a34a', slab_reclaimable: '#7c3aed', free: '#94a3b8' },
    label: (a) => a['system.memory.state'] ?? 'memory',
  },
  {
    id: 'load', title: 'Load average', note: 'runnable + uninterruptible threads', unit: '{thread}',
    metrics: ['system.cpu.load_average.1m', 'system.cpu.load_average.5m', 'system.cpu.load_average.15m'],
    label: (a, metric) => metric.split('.').pop(),
  },
  {
    id: 'disk', title: 'Disk I/O', note: 'bytes per second', unit: 'By/s',
    metrics: ['system.disk.io'],
    label: (a) => `${a['system.device'] ?? '?'} ${a['disk.io.direction'] ?? ''}`.trim(),
  },
  {
    id: 'network', title: 'Network', note: 'bytes per second, interfaces with traffic', unit: 'By/s',
    metrics: ['system.network.io'],
    keep: (a) => a['network.interface.name'] !== 'lo',
    dropIdle: true, // interfaces that moved no byte in the range (bond slaves, ifb, down links) only add noise
    label: (a) => `${a['network.interface.name'] ?? '?'} ${a['network.io.direction'] ?? ''}`.trim(),
  },
  {
    id: 'filesystem', title: 'Filesystem used', note: 'share of space, as df shows', unit: '1', yMax: 1,
    metrics: ['system.filesystem.utilization'],
    label: (a) => a['system.filesystem.mountpoint'] ?? a['system.device'] ?? '?',
  },
];
