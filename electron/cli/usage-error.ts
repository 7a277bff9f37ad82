/** A user mistake on the command line: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

/** A command that could not do its job (not a flag mistake): printed without a stack trace, exit code 1. */
export class CommandError extends Error {}
