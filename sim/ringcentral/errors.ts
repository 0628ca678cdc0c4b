import type { FastifyReply } from "fastify";

/**
 * RingCentral REST error body. The spec defines only `errors[]`; real responses also carry the legacy top-level
 * `errorCode`/`message` (doc §5, partly confirmed), so both are sent, the top level mirroring the first error.
 */
export type RcErrorItem = { errorCode: string; message: string; parameterName?: string; parameterValue?: string };
export type RcErrorBody = { errorCode: string; message: string; errors: RcErrorItem[] };

export function rcErrorBody(errorCode: string, message: string, parameterName?: string): RcErrorBody {
  const item: RcErrorItem = { errorCode, message };
  if (parameterName !== undefined) item.parameterName = parameterName;
  return { errorCode, message, errors: [item] };
}

export function sendRcError(
  reply: FastifyReply,
  status: number,
  errorCode: string,
  message: string,
  parameterName?: string,
): FastifyReply {
  return reply.code(status).send(rcErrorBody(errorCode, message, parameterName));
}

/** The common errors, with the message texts of RingCentral's error-code table. */
export const rcErrors = {
  invalidParameter: (reply: FastifyReply, name: string) =>
    sendRcError(reply, 400, "CMN-101", `Parameter [${name}] value is invalid.`, name),
  missingParameter: (reply: FastifyReply, name: string) =>
    sendRcError(reply, 400, "CMN-100", `Mandatory parameter [${name}] not specified.`, name),
  notFound: (reply: FastifyReply, name: string) =>
    sendRcError(reply, 404, "CMN-102", `Resource for parameter [${name}] is not found`, name),
  unparsableJson: (reply: FastifyReply) => sendRcError(reply, 400, "CMN-103", "JSON can't be parsed."),
  invalidUri: (reply: FastifyReply) => sendRcError(reply, 404, "CMN-120", "Invalid URI"),
  forbidden: (reply: FastifyReply, message: string) => sendRcError(reply, 403, "CMN-408", message),
  internal: (reply: FastifyReply) => sendRcError(reply, 500, "CMN-203", "Internal Server Error"),
};

/** OAuth endpoints add RFC 6749 `error`/`error_description` (real sample in doc §3.1). */
export type OauthErrorBody = { error: string; error_description: string; errors: RcErrorItem[] };

export function sendOauthError(
  reply: FastifyReply,
  status: number,
  error: string,
  errorCode: string,
  description: string,
  parameterName?: string,
): FastifyReply {
  const item: RcErrorItem = { errorCode, message: description };
  if (parameterName !== undefined) item.parameterName = parameterName;
  const body: OauthErrorBody = { error, error_description: description, errors: [item] };
  return reply.code(status).send(body);
}

/** Body for a status injected through `/_sim/faults`, in the platform's shape. */
export function errorBodyForStatus(status: number): RcErrorBody {
  switch (status) {
    case 400:
      return rcErrorBody("CMN-101", "Parameter value is invalid.");
    case 401:
      return rcErrorBody("OAU-213", "Token not found");
    case 403:
      return rcErrorBody("CMN-401", "Specific application permission required");
    case 404:
      return rcErrorBody("CMN-102", "Resource for parameter is not found");
    case 415:
      return rcErrorBody("CMN-104", "Cannot parse request");
    case 429:
      return rcErrorBody("CMN-301", "Request rate exceeded");
    case 501:
      return rcErrorBody("CMN-202", "Operation is not supported");
    case 502:
    case 503:
    case 504:
      return rcErrorBody("CMN-201", "Service Temporary Unavailable");
    default:
      return status >= 500
        ? rcErrorBody("CMN-203", "Internal Server Error")
        : rcErrorBody("CMN-101", "Parameter value is invalid.");
  }
}
