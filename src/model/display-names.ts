/**
 * One display name per provider and per service, whichever export a line came from: AWS CUR
 * writes product codes (`AmazonS3`), FOCUS exports full names (`Amazon Simple Storage Service`);
 * Azure EA calls the provider `Azure` and its services by resource provider (`Microsoft.Compute`),
 * Microsoft's FOCUS export says `Microsoft` and `Virtual Machines`; OCI writes `COMPUTE`. Keys are
 * matched case-insensitively; a value not in the table is shown as it came. The source value
 * stays on the line (ProviderName, ServiceName), so the screens can show it beside the name.
 */

/** Columns whose values are provider names. */
export const PROVIDER_COLUMNS: readonly string[] = ['ProviderName', 'ServiceProviderName', 'HostProviderName'];
/** Columns whose values are service names. */
export const SERVICE_COLUMNS: readonly string[] = ['ServiceName'];

/** lower-case source value -> display name (the FOCUS name the provider's own FOCUS export uses). */
export const PROVIDER_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  aws: 'AWS',
  amazon: 'AWS',
  'amazon web services': 'AWS',
  azure: 'Microsoft',
  'microsoft azure': 'Microsoft',
  microsoft: 'Microsoft',
  gcp: 'Google Cloud',
  google: 'Google Cloud',
  'google cloud': 'Google Cloud',
  'google cloud platform': 'Google Cloud',
  oci: 'Oracle',
  oracle: 'Oracle',
  'oracle cloud infrastructure': 'Oracle',
};

export const SERVICE_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  // AWS CUR product codes (lineItem/ProductCode) -> the ServiceName AWS's FOCUS export writes.
  amazonapigateway: 'Amazon API Gateway',
  amazoncloudfront: 'Amazon CloudFront',
  amazoncloudwatch: 'Amazon CloudWatch',
  amazondynamodb: 'Amazon DynamoDB',
  amazonec2: 'Amazon Elastic Compute Cloud',
  amazonecr: 'Amazon EC2 Container Registry (ECR)',
  amazonecs: 'Amazon Elastic Container Service',
  amazonefs: 'Amazon Elastic File System',
  amazoneks: 'Amazon Elastic Container Service for Kubernetes',
  amazonrds: 'Amazon Relational Database Service',
  amazonroute53: 'Amazon Route 53',
  amazons3: 'Amazon Simple Storage Service',
  amazonsagemaker: 'Amazon SageMaker',
  amazonsns: 'Amazon Simple Notification Service',
  amazonstates: 'AWS Step Functions',
  amazonvpc: 'Amazon Virtual Private Cloud',
  awscloudshell: 'AWS CloudShell',
  awscloudtrail: 'AWS CloudTrail',
  awsdatatransfer: 'AWS Data Transfer',
  awselb: 'Elastic Load Balancing',
  awsglue: 'AWS Glue',
  awsiot: 'AWS IoT',
  awskms: 'AWS Key Management Service',
  awslambda: 'AWS Lambda',
  awsmigrationhubrefactorspaces: 'AWS Migration Hub Refactor Spaces',
  awsqueueservice: 'Amazon Simple Queue Service',
  awssecretsmanager: 'AWS Secrets Manager',
  awssecurityhub: 'AWS Security Hub',
  awssystemsmanager: 'AWS Systems Manager',
  awswaf: 'AWS WAF',
  // Azure resource providers (EA/MCA ConsumedService) -> the ServiceName Microsoft's FOCUS export writes.
  'microsoft.capacity': 'Azure Reservations',
  'microsoft.compute': 'Virtual Machines',
  'microsoft.containerservice': 'Azure Kubernetes Service',
  'microsoft.datafactory': 'Azure Data Factory',
  'microsoft.dbformysql': 'Azure DB for MySQL',
  'microsoft.eventhub': 'Event Hubs',
  'microsoft.keyvault': 'Key Vault',
  'microsoft.machinelearningservices': 'Azure Machine Learning',
  'microsoft.network': 'Virtual Network',
  'microsoft.sql': 'Azure SQL Database',
  'microsoft.storage': 'Storage Accounts',
  // OCI cost reports (product/service) -> readable names.
  block_storage: 'Block Storage',
  compute: 'Compute',
  database: 'Database',
  mysql: 'MySQL HeatWave',
  network: 'Networking',
  objectstore: 'Object Storage',
  oracle_streaming_service: 'Streaming',
  telemetry: 'Monitoring',
};

/** The display table of a column, or null when its values are shown as they came. */
export function displayNamesOf(column: string): Readonly<Record<string, string>> | null {
  if (PROVIDER_COLUMNS.includes(column)) return PROVIDER_DISPLAY_NAMES;
  if (SERVICE_COLUMNS.includes(column)) return SERVICE_DISPLAY_NAMES;
  return null;
}

/** The display name of a value of `column` (the value itself when the table has none). */
export function displayName(column: string, value: string | null): string | null {
  if (value === null) return null;
  return displayNamesOf(column)?.[value.trim().toLowerCase()] ?? value;
}
