// The remarkgraph TypeScript client: the generated remarkgraph.v1 messages
// and stubs, and a client with deadlines and paging helpers.
export * from "../gen/remarkgraph/v1/resources.js";
export * from "../gen/remarkgraph/v1/graph_service.js";
export * from "../gen/remarkgraph/v1/write_service.js";
export * from "../gen/remarkgraph/v1/import_service.js";
export * from "../gen/remarkgraph/v1/watch_service.js";
export * from "../gen/remarkgraph/v1/admin_service.js";
// Each generated file declares these; the resources file's are the ones.
export {
  type DeepPartial,
  type MessageFns,
  protobufFileName,
  protobufPackage,
} from "../gen/remarkgraph/v1/resources.js";

export { Metadata, status } from "@grpc/grpc-js";
export type { ServiceError } from "@grpc/grpc-js";

export {
  type CallSettings,
  DEFAULT_DEADLINE_MS,
  defaultDeadline,
  MAX_MESSAGE_BYTES,
  RemarkGraphClient,
  type RemarkGraphClientOptions,
  SERVICE_CONFIG,
  type TraversalResult,
} from "./client.js";
export { hasStatus, isServiceError, statusName } from "./errors.js";
export { collect, type Page, type PageFetcher, pages, paginate } from "./paging.js";
