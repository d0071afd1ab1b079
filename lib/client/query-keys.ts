/** The one query-key factory: every TanStack Query key of the app is built here. */
export const queryKeys = {
  me: () => ['me'] as const,
  customers: {
    all: () => ['customers'] as const,
    list: (params: { q?: string; limit: number }) => ['customers', 'list', params] as const,
  },
  apiKeys: {
    all: () => ['api-keys'] as const,
  },
};
