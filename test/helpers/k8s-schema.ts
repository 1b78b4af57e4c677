import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';

/**
 * Validates each document of a manifest file against the Kubernetes API's schema for its kind:
 * kubernetes-models ships, per kind, an ajv validator compiled from the Kubernetes OpenAPI
 * definitions (types, required fields, enums, int-or-string). Those schemas accept unknown fields,
 * as the API's do; a misspelt field is caught earlier, by the compiler: src/k8s/manifest.ts builds
 * the objects as the same package's TypeScript types (object literals get excess-property checks).
 */
export function validateManifests(text: string): Array<Record<string, unknown>> {
  const docs = parseAllDocuments(text);
  return docs.map((doc) => {
    if (doc.errors.length > 0) throw new Error(`YAML error: ${doc.errors[0]!.message}`);
    const object = doc.toJS() as Record<string, unknown>;
    const model = object['kind'] === 'Deployment' ? new Deployment(object as never) : object['kind'] === 'Service' ? new Service(object as never) : undefined;
    if (!model) throw new Error(`unexpected kind ${String(object['kind'])}`);
    model.validate();
    return object;
  });
}
