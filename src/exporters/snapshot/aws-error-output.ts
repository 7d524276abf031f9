import type { Uncollected } from '../../core/model/estate.js';

/**
 * The errors a getter answers when the resource has none of what it reads (snapshot-layout.md,
 * "Absent is not unknown"), with the messages AWS sends.
 */
export const NONE_ERRORS = {
  NoSuchBucketPolicy: 'The bucket policy does not exist',
  NoSuchAccessPointPolicy: 'The specified accesspoint policy does not exist',
  OwnershipControlsNotFoundError: 'The bucket ownership controls were not found',
  NoSuchPublicAccessBlockConfiguration: 'The public access block configuration was not found',
  ServerSideEncryptionConfigurationNotFoundError: 'The server side encryption configuration was not found',
  NoSuchTagSet: 'The TagSet does not exist',
  ResourceNotFoundException: 'The resource you requested does not exist.',
} as const;

export type NoneErrorCode = keyof typeof NONE_ERRORS;

export interface AwsErrorOutput {
  readonly Error: { readonly Code: string; readonly Message: string };
}

/** An AWS error recorded in place of a command's output: `{"Error": {"Code", "Message"}}`. */
export function awsErrorOutput(code: string, message: string): AwsErrorOutput {
  return { Error: { Code: code, Message: message } };
}

export function noneError(code: NoneErrorCode): AwsErrorOutput {
  return awsErrorOutput(code, NONE_ERRORS[code]);
}

/**
 * What data that was not collected becomes: no file (absent means not collected), or, where the
 * collector recorded the error it got (`AccessDenied`), that error, which readers also take as unknown.
 */
export function uncollectedOutput(value: Uncollected): AwsErrorOutput | undefined {
  return value.error !== undefined ? awsErrorOutput(value.error, `not collected: ${value.what}`) : undefined;
}
