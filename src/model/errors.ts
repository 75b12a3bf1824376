/**
 * The user-facing failure every layer throws for bad input (a file, a flag, a config, a policy)
 * or a limit the analyst can act on: its message is shown as is, never as a stack trace, and its
 * `code` lets a caller (the CLI, the app, a test) branch without parsing the message.
 */

/** Stable, machine-readable kinds of UserError. */
export type UserErrorCode =
  /** The engine could not hold the data (memory cap reached). */
  | 'out_of_memory'
  /** A cell, row or line of a file is not what its column expects. */
  | 'bad_value'
  /** A file that cannot be read or recognised as a whole. */
  | 'bad_file'
  /** Any other input: flags, configuration, policy, workspace and review files. */
  | 'bad_input';

/** Where the failure is, as far as it is known (the app shows these beside the message). */
export interface UserErrorDetails {
  file?: string;
  row?: number;
  column?: string;
  expected?: string;
  /** Every alternative the input could have matched, when the message names only a few (known layouts). */
  alternatives?: readonly string[];
  /** Locale date formats the user may declare for this load to read the column the message names (the app offers them). */
  dateFormats?: readonly string[];
  outOfMemory?: boolean;
  /** The engine failed beyond recovery (engine.ts EngineHealth): it must be replaced. */
  engineStopped?: boolean;
}

/** A user-facing failure (bad file, out of memory): shown as is, never as a stack trace. */
export class UserError extends Error {
  readonly code: UserErrorCode;

  constructor(
    message: string,
    readonly details: UserErrorDetails = {},
    code?: UserErrorCode,
  ) {
    super(message);
    this.name = 'UserError';
    this.code = code ?? codeFromDetails(details);
  }
}

/** The code the details imply when the thrower names none: the most specific place wins. */
function codeFromDetails(d: UserErrorDetails): UserErrorCode {
  if (d.outOfMemory) return 'out_of_memory';
  if (d.row !== undefined || d.column !== undefined) return 'bad_value';
  if (d.file !== undefined) return 'bad_file';
  return 'bad_input';
}
