import { type ServiceError, status } from "@grpc/grpc-js";

/** True for the errors the client's calls reject with. */
export function isServiceError(error: unknown): error is ServiceError {
  return (
    error instanceof Error &&
    typeof (error as Partial<ServiceError>).code === "number" &&
    typeof (error as Partial<ServiceError>).details === "string"
  );
}

/** True when `error` is a gRPC error with the given status code. */
export function hasStatus(error: unknown, code: status): error is ServiceError {
  return isServiceError(error) && error.code === code;
}

/** The name of a gRPC status code, such as `NOT_FOUND`. */
export function statusName(code: status): string {
  return status[code] ?? `CODE_${code}`;
}
