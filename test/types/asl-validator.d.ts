/** asl-validator ships no type declarations for its entry point. */
declare module 'asl-validator' {
  interface Validation {
    readonly isValid: boolean;
    readonly errors: readonly unknown[];
    errorsText(separator?: string): string;
  }
  export default function aslValidator(definition: unknown): Validation;
}
