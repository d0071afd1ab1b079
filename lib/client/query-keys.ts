import type { CustomerListParams } from './hooks/use-customers';
import type { TableParams } from './table-params';

/** The one query-key factory: every TanStack Query key of the app is built here. */
export const queryKeys = {
  me: () => ['me'] as const,
  customers: {
    all: () => ['customers'] as const,
    list: (params: CustomerListParams) => ['customers', 'list', params] as const,
    attributes: () => ['customers', 'attributes'] as const,
  },
  datasets: {
    all: () => ['datasets'] as const,
    list: (params: TableParams = {}) => ['datasets', 'list', params] as const,
    detail: (id: string) => ['datasets', 'detail', id] as const,
  },
  importMappings: {
    all: () => ['import-mappings'] as const,
  },
  jobs: {
    all: () => ['jobs'] as const,
    list: (params: TableParams = {}) => ['jobs', 'list', params] as const,
    detail: (id: string) => ['jobs', 'detail', id] as const,
  },
  models: {
    all: () => ['models'] as const,
    list: (params: TableParams = {}) => ['models', 'list', params] as const,
    detail: (id: string) => ['models', 'detail', id] as const,
    explain: (id: string) => ['models', 'explain', id] as const,
    monitoring: (id: string) => ['models', 'monitoring', id] as const,
    dependence: (id: string, feature: string) => ['models', 'dependence', id, feature] as const,
    customer: (id: string, customerId: string, discountPct: number) =>
      ['models', 'customer', id, customerId, discountPct] as const,
  },
  experiments: {
    all: () => ['experiments'] as const,
    list: () => ['experiments', 'list'] as const,
    results: (
      id: string,
      opts: { sequential: boolean; cuped: boolean; mdePct: number; method: 'frequentist' | 'bayesian' },
    ) => ['experiments', 'results', id, opts] as const,
    plan: (params: Record<string, string | number>) => ['experiments', 'plan', params] as const,
    bandit: (id: string) => ['experiments', 'bandit', id] as const,
  },
  policies: {
    all: () => ['policies'] as const,
    campaigns: () => ['policies', 'campaigns'] as const,
    audit: () => ['policies', 'audit'] as const,
    /** under policies: every policy action appends audit rows, and its invalidation re-runs the check */
    auditIntegrity: () => ['policies', 'audit', 'integrity'] as const,
    evaluation: (id: string) => ['policies', 'evaluation', id] as const,
    measurement: (id: string) => ['policies', 'measurement', id] as const,
  },
  segments: {
    all: () => ['segments'] as const,
    run: (runId: string) => ['segments', 'run', runId] as const,
  },
  apiKeys: {
    all: () => ['api-keys'] as const,
  },
  sandbox: {
    decisions: () => ['sandbox', 'decisions'] as const,
  },
  members: {
    all: () => ['members'] as const,
  },
};
