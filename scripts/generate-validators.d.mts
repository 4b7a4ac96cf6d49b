/** Types of generate-validators.mjs, for the test that checks the generated module against the schemas. */
export declare const GENERATED_MODULE: string;
export declare function validatorsSource(schemaFile: object, configFile: object): string;
