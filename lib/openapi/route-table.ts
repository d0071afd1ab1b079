import 'server-only';
import * as r_api_keys_id from '@/app/api/v1/api-keys/[id]/route';
import * as r_api_keys from '@/app/api/v1/api-keys/route';
import * as r_campaigns from '@/app/api/v1/campaigns/route';
import * as r_customers_id from '@/app/api/v1/customers/[id]/route';
import * as r_customers from '@/app/api/v1/customers/route';
import * as r_datasets_id_cancel from '@/app/api/v1/datasets/[id]/cancel/route';
import * as r_datasets_id_report from '@/app/api/v1/datasets/[id]/report/route';
import * as r_datasets_id from '@/app/api/v1/datasets/[id]/route';
import * as r_datasets from '@/app/api/v1/datasets/route';
import * as r_events from '@/app/api/v1/events/route';
import * as r_experiments_id_results from '@/app/api/v1/experiments/[id]/results/route';
import * as r_experiments_id from '@/app/api/v1/experiments/[id]/route';
import * as r_experiments_id_start from '@/app/api/v1/experiments/[id]/start/route';
import * as r_experiments_id_stop from '@/app/api/v1/experiments/[id]/stop/route';
import * as r_experiments_analyze from '@/app/api/v1/experiments/analyze/route';
import * as r_experiments from '@/app/api/v1/experiments/route';
import * as r_jobs_id_cancel from '@/app/api/v1/jobs/[id]/cancel/route';
import * as r_jobs_id_retry from '@/app/api/v1/jobs/[id]/retry/route';
import * as r_jobs_id from '@/app/api/v1/jobs/[id]/route';
import * as r_jobs from '@/app/api/v1/jobs/route';
import * as r_me from '@/app/api/v1/me/route';
import * as r_models_id_activate from '@/app/api/v1/models/[id]/activate/route';
import * as r_models_id_candidate from '@/app/api/v1/models/[id]/candidate/route';
import * as r_models_id_explain_customer from '@/app/api/v1/models/[id]/explain/customer/route';
import * as r_models_id_explain_dependence from '@/app/api/v1/models/[id]/explain/dependence/route';
import * as r_models_id_explain from '@/app/api/v1/models/[id]/explain/route';
import * as r_models_id_onnx from '@/app/api/v1/models/[id]/onnx/route';
import * as r_models_id from '@/app/api/v1/models/[id]/route';
import * as r_models from '@/app/api/v1/models/route';
import * as r_offers from '@/app/api/v1/offers/route';
import * as r_policies_audit from '@/app/api/v1/policies/audit/route';
import * as r_policies from '@/app/api/v1/policies/route';
import * as r_policies_versions_id_actions from '@/app/api/v1/policies/versions/[id]/actions/route';
import * as r_policies_versions_id_evaluation from '@/app/api/v1/policies/versions/[id]/evaluation/route';
import * as r_recommendations_evaluation from '@/app/api/v1/recommendations/evaluation/route';
import * as r_score from '@/app/api/v1/score/route';
import * as r_segments_id from '@/app/api/v1/segments/[id]/route';
import * as r_segments_jobs from '@/app/api/v1/segments/jobs/route';
import * as r_segments from '@/app/api/v1/segments/route';
import type { RouteModuleEntry } from './build-document';

/**
 * Every /api/v1 route module, by its OpenAPI path. lib/openapi/route-table.test.ts fails when a route file
 * exists that this table (and so the API document) lacks.
 */
export const ROUTE_TABLE: RouteModuleEntry[] = [
  { path: '/api/v1/api-keys/{id}', module: r_api_keys_id },
  { path: '/api/v1/api-keys', module: r_api_keys },
  { path: '/api/v1/campaigns', module: r_campaigns },
  { path: '/api/v1/customers/{id}', module: r_customers_id },
  { path: '/api/v1/customers', module: r_customers },
  { path: '/api/v1/datasets/{id}/cancel', module: r_datasets_id_cancel },
  { path: '/api/v1/datasets/{id}/report', module: r_datasets_id_report },
  { path: '/api/v1/datasets/{id}', module: r_datasets_id },
  { path: '/api/v1/datasets', module: r_datasets },
  { path: '/api/v1/events', module: r_events },
  { path: '/api/v1/experiments/{id}/results', module: r_experiments_id_results },
  { path: '/api/v1/experiments/{id}', module: r_experiments_id },
  { path: '/api/v1/experiments/{id}/start', module: r_experiments_id_start },
  { path: '/api/v1/experiments/{id}/stop', module: r_experiments_id_stop },
  { path: '/api/v1/experiments/analyze', module: r_experiments_analyze },
  { path: '/api/v1/experiments', module: r_experiments },
  { path: '/api/v1/jobs/{id}/cancel', module: r_jobs_id_cancel },
  { path: '/api/v1/jobs/{id}/retry', module: r_jobs_id_retry },
  { path: '/api/v1/jobs/{id}', module: r_jobs_id },
  { path: '/api/v1/jobs', module: r_jobs },
  { path: '/api/v1/me', module: r_me },
  { path: '/api/v1/models/{id}/activate', module: r_models_id_activate },
  { path: '/api/v1/models/{id}/candidate', module: r_models_id_candidate },
  { path: '/api/v1/models/{id}/explain/customer', module: r_models_id_explain_customer },
  { path: '/api/v1/models/{id}/explain/dependence', module: r_models_id_explain_dependence },
  { path: '/api/v1/models/{id}/explain', module: r_models_id_explain },
  { path: '/api/v1/models/{id}/onnx', module: r_models_id_onnx },
  { path: '/api/v1/models/{id}', module: r_models_id },
  { path: '/api/v1/models', module: r_models },
  { path: '/api/v1/offers', module: r_offers },
  { path: '/api/v1/policies/audit', module: r_policies_audit },
  { path: '/api/v1/policies', module: r_policies },
  { path: '/api/v1/policies/versions/{id}/actions', module: r_policies_versions_id_actions },
  { path: '/api/v1/policies/versions/{id}/evaluation', module: r_policies_versions_id_evaluation },
  { path: '/api/v1/recommendations/evaluation', module: r_recommendations_evaluation },
  { path: '/api/v1/score', module: r_score },
  { path: '/api/v1/segments/{id}', module: r_segments_id },
  { path: '/api/v1/segments/jobs', module: r_segments_jobs },
  { path: '/api/v1/segments', module: r_segments },
];
