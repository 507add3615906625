/** The indicator spec cannot be assessed as written (a catalogue error, not a data problem). */
export class InvalidSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSpecError';
  }
}

/** The time series is malformed: non-integer years, non-finite values or the same year twice. */
export class InvalidSeriesError extends Error {
  constructor(
    message: string,
    readonly duplicateYears: readonly number[] = [],
  ) {
    super(message);
    this.name = 'InvalidSeriesError';
  }
}
