import type { Permission } from '@/lib/rbac';

/** Dashboard sections in navigation order; `permission` hides a link the role cannot use (the page checks too). */
export const SECTIONS: { href: string; label: string; permission: Permission }[] = [
  { href: '/', label: 'Overview', permission: 'org.read' },
  { href: '/data', label: 'Data', permission: 'customers.read' },
  { href: '/segments', label: 'Segments', permission: 'org.read' },
  { href: '/models', label: 'Models', permission: 'models.read' },
  { href: '/jobs', label: 'Jobs', permission: 'models.read' },
  { href: '/explain', label: 'Explain', permission: 'models.read' },
  { href: '/policies', label: 'Policies', permission: 'org.read' },
  { href: '/experiments', label: 'Experiments', permission: 'experiments.read' },
  { href: '/settings', label: 'Settings', permission: 'settings.manage' },
  { href: '/settings/api', label: 'API reference', permission: 'org.read' },
];
