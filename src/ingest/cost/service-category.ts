/**
 * FOCUS ServiceCategory for provider exports that do not carry one. FOCUS requires the column
 * (non-null, one of its allowed values); AWS names services by product code, Azure by resource
 * provider (ConsumedService) and OCI by service name, so each gets a lookup of the common
 * services; anything else is 'Other', as FOCUS allows. The FinOps Foundation's conversion rules
 * use the same inputs with lookup tables they do not ship.
 */
import { literal } from '../../engine/sql';

type Category =
  | 'AI and Machine Learning'
  | 'Analytics'
  | 'Business Applications'
  | 'Compute'
  | 'Databases'
  | 'Developer Tools'
  | 'Identity'
  | 'Integration'
  | 'Internet of Things'
  | 'Management and Governance'
  | 'Media'
  | 'Migration'
  | 'Networking'
  | 'Security'
  | 'Storage'
  | 'Web'
  | 'Other';

/** Category -> service identifiers (compared case-insensitively). */
type Lookup = Partial<Record<Category, readonly string[]>>;

/** AWS `lineItem/ProductCode`. */
export const AWS_SERVICE_CATEGORIES: Lookup = {
  'AI and Machine Learning': [
    'AmazonSageMaker',
    'AmazonBedrock',
    'AmazonRekognition',
    'AmazonComprehend',
    'AmazonTextract',
    'AmazonTranslate',
    'AmazonPolly',
    'AmazonTranscribe',
    'AmazonLex',
    'AmazonKendra',
    'AmazonPersonalize',
    'AmazonForecast',
    'AmazonQ',
  ],
  Analytics: [
    'AmazonAthena',
    'AWSGlue',
    'AmazonRedshift',
    'AmazonKinesis',
    'AmazonKinesisFirehose',
    'AmazonKinesisAnalytics',
    'AmazonES',
    'AmazonOpenSearchService',
    'AmazonEMR',
    'ElasticMapReduce',
    'AmazonQuickSight',
    'AmazonMSK',
    'AWSLakeFormation',
    'AWSDataExchange',
  ],
  'Business Applications': ['AmazonConnect', 'AmazonChime', 'AmazonWorkMail', 'AmazonSES'],
  Compute: [
    'AmazonEC2',
    'AWSLambda',
    'AmazonECS',
    'AmazonEKS',
    'AWSFargate',
    'AmazonLightsail',
    'AWSElasticBeanstalk',
    'AWSBatch',
    'AmazonAppStream',
    'AmazonWorkSpaces',
    'AWSOutposts',
  ],
  Databases: [
    'AmazonRDS',
    'AmazonDynamoDB',
    'AmazonElastiCache',
    'AmazonDocDB',
    'AmazonNeptune',
    'AmazonMemoryDB',
    'AmazonTimestream',
    'AmazonKeyspaces',
    'AmazonQLDB',
    'AmazonMCS',
  ],
  'Developer Tools': [
    'AWSCodeBuild',
    'AWSCodeCommit',
    'AWSCodeDeploy',
    'AWSCodePipeline',
    'AWSCodeArtifact',
    'AWSCloudShell',
    'AWSXRay',
    'AWSCloud9',
    'AmazonECR',
    'AmazonECRPublic',
  ],
  Identity: ['AWSDirectoryService', 'AmazonCognito', 'AWSSSO', 'AWSIAM'],
  Integration: [
    'AWSQueueService',
    'AmazonSNS',
    'AmazonSQS',
    'AmazonStates',
    'AWSStepFunctions',
    'AmazonMQ',
    'AmazonEventBridge',
    'AWSEvents',
    'AmazonApiGateway',
    'AWSAppSync',
    'AmazonAppFlow',
  ],
  'Internet of Things': [
    'AWSIoT',
    'AWSIoTAnalytics',
    'AWSIoTEvents',
    'AWSIoTSiteWise',
    'AWSGreengrass',
    'AWSIoTDeviceManagement',
    'AWSIoTDeviceDefender',
  ],
  'Management and Governance': [
    'AmazonCloudWatch',
    'AWSCloudTrail',
    'AWSConfig',
    'AWSCloudFormation',
    'AWSSystemsManager',
    'AWSServiceCatalog',
    'AWSOrganizations',
    'AWSCostExplorer',
    'AWSBudgets',
    'AWSTrustedAdvisor',
    'AWSSupportBusiness',
    'AWSSupportEnterprise',
    'AWSSupportDeveloper',
    'AmazonManagedGrafana',
    'AmazonPrometheus',
  ],
  Media: [
    'AmazonIVS',
    'AWSElementalMediaConvert',
    'AWSElementalMediaLive',
    'AWSElementalMediaPackage',
    'AWSElementalMediaStore',
    'AmazonKinesisVideo',
  ],
  Migration: [
    'AWSMigrationHubRefactorSpaces',
    'AWSDatabaseMigrationSvc',
    'AWSDMS',
    'AWSApplicationMigrationSvc',
    'AWSTransfer',
    'AWSDataSync',
    'AWSSnowball',
    'AWSMigrationHub',
  ],
  Networking: [
    'AmazonVPC',
    'AWSDataTransfer',
    'AmazonCloudFront',
    'AmazonRoute53',
    'AWSELB',
    'AWSDirectConnect',
    'AWSGlobalAccelerator',
    'AWSTransitGateway',
    'AWSPrivateLink',
    'AmazonVPCLattice',
  ],
  Security: [
    'awskms',
    'AWSSecretsManager',
    'AmazonGuardDuty',
    'AWSShield',
    'AWSWAF',
    'awswaf',
    'AmazonInspector',
    'AmazonInspectorV2',
    'AmazonMacie',
    'AWSSecurityHub',
    'AWSCertificateManager',
    'AWSCloudHSM',
    'AmazonDetective',
    'AWSFMS',
  ],
  Storage: ['AmazonS3', 'AmazonEFS', 'AmazonFSx', 'AmazonGlacier', 'AmazonS3GlacierDeepArchive', 'AWSBackup', 'AWSStorageGateway', 'AmazonEBS'],
  Web: ['AWSAmplify'],
};

/** Azure `ConsumedService` (resource provider namespace). */
export const AZURE_SERVICE_CATEGORIES: Lookup = {
  'AI and Machine Learning': ['Microsoft.MachineLearningServices', 'Microsoft.CognitiveServices', 'Microsoft.BotService', 'Microsoft.Search'],
  Analytics: [
    'Microsoft.DataFactory',
    'Microsoft.Synapse',
    'Microsoft.Databricks',
    'Microsoft.HDInsight',
    'Microsoft.StreamAnalytics',
    'Microsoft.Kusto',
    'Microsoft.PowerBIDedicated',
    'Microsoft.AnalysisServices',
    'Microsoft.Purview',
  ],
  Compute: [
    'Microsoft.Compute',
    'Microsoft.ClassicCompute',
    'Microsoft.ContainerService',
    'Microsoft.ContainerInstance',
    'Microsoft.Batch',
    'Microsoft.AVS',
    'Microsoft.DesktopVirtualization',
    'Microsoft.App',
  ],
  Databases: [
    'Microsoft.Sql',
    'Microsoft.DocumentDB',
    'Microsoft.DBforMySQL',
    'Microsoft.DBforPostgreSQL',
    'Microsoft.DBforMariaDB',
    'Microsoft.Cache',
    'Microsoft.SqlVirtualMachine',
  ],
  'Developer Tools': [
    'Microsoft.ContainerRegistry',
    'Microsoft.AppConfiguration',
    'Microsoft.DevTestLab',
    'Microsoft.VisualStudio',
    'Microsoft.LoadTestService',
  ],
  Identity: ['Microsoft.AAD', 'Microsoft.AzureActiveDirectory', 'Microsoft.ManagedIdentity'],
  Integration: [
    'Microsoft.EventHub',
    'Microsoft.ServiceBus',
    'Microsoft.EventGrid',
    'Microsoft.Logic',
    'Microsoft.ApiManagement',
    'Microsoft.Relay',
    'Microsoft.SignalRService',
  ],
  'Internet of Things': ['Microsoft.Devices', 'Microsoft.IoTCentral', 'Microsoft.DigitalTwins', 'Microsoft.TimeSeriesInsights'],
  'Management and Governance': [
    'Microsoft.Insights',
    'Microsoft.OperationalInsights',
    'Microsoft.Automation',
    'Microsoft.OperationsManagement',
    'Microsoft.Monitor',
    'Microsoft.CostManagement',
    'Microsoft.Advisor',
    'Microsoft.Portal',
    'Microsoft.Dashboard',
  ],
  Media: ['Microsoft.Media', 'Microsoft.Communication'],
  Migration: ['Microsoft.Migrate', 'Microsoft.DataMigration', 'Microsoft.OffAzure'],
  Networking: ['Microsoft.Network', 'Microsoft.ClassicNetwork', 'Microsoft.Cdn', 'Microsoft.FrontDoor'],
  Security: ['Microsoft.KeyVault', 'Microsoft.Security', 'Microsoft.SecurityInsights', 'Microsoft.Sentinel'],
  Storage: [
    'Microsoft.Storage',
    'Microsoft.ClassicStorage',
    'Microsoft.RecoveryServices',
    'Microsoft.DataProtection',
    'Microsoft.NetApp',
    'Microsoft.StorageCache',
    'Microsoft.StorageSync',
    'Microsoft.DataBox',
  ],
  Web: ['Microsoft.Web', 'Microsoft.CertificateRegistration', 'Microsoft.DomainRegistration'],
};

/** OCI `product/service`. */
export const OCI_SERVICE_CATEGORIES: Lookup = {
  'AI and Machine Learning': ['DATA_SCIENCE', 'AI_LANGUAGE', 'AI_VISION', 'GENERATIVE_AI', 'DIGITAL_ASSISTANT'],
  Analytics: ['ANALYTICS', 'DATA_FLOW', 'DATA_INTEGRATION', 'DATA_CATALOG', 'BIG_DATA', 'OPENSEARCH', 'ORACLE_STREAMING_SERVICE'],
  Compute: ['COMPUTE', 'CONTAINER_ENGINE', 'FUNCTIONS', 'CONTAINER_INSTANCES'],
  Databases: ['DATABASE', 'MYSQL', 'AUTONOMOUS_DATABASE', 'NOSQL', 'POSTGRESQL', 'EXADATA'],
  Integration: ['NOTIFICATIONS', 'QUEUE', 'INTEGRATION', 'API_GATEWAY', 'EVENTS'],
  'Management and Governance': ['TELEMETRY', 'MONITORING', 'LOGGING', 'LOGGING_ANALYTICS', 'APM', 'OPERATIONS_INSIGHTS'],
  Networking: ['NETWORK', 'VCN', 'LOAD_BALANCER', 'DNS', 'FASTCONNECT', 'NETWORK_FIREWALL'],
  Security: ['VAULT', 'KEY_MANAGEMENT', 'CLOUD_GUARD', 'WAF', 'BASTION', 'CERTIFICATES'],
  Identity: ['IDENTITY', 'IDENTITY_CLOUD_SERVICE'],
  Storage: ['BLOCK_STORAGE', 'OBJECTSTORE', 'OBJECT_STORAGE', 'FILE_STORAGE', 'ARCHIVE_STORAGE'],
};

/** GCP `service.description`. */
export const GCP_SERVICE_CATEGORIES: Lookup = {
  'AI and Machine Learning': [
    'Vertex AI',
    'Cloud Vision API',
    'Cloud Natural Language API',
    'Cloud Translation API',
    'Speech-to-Text',
    'Text-to-Speech',
    'Dialogflow',
    'Document AI',
    'Gemini API',
  ],
  Analytics: ['BigQuery', 'Dataflow', 'Dataproc', 'Looker', 'Looker Studio', 'Cloud Composer', 'Data Catalog', 'Dataplex', 'Cloud Data Fusion'],
  Compute: ['Compute Engine', 'Kubernetes Engine', 'Cloud Run', 'Cloud Functions', 'App Engine', 'Google Cloud VMware Engine', 'Batch'],
  Databases: [
    'Cloud SQL',
    'Cloud Spanner',
    'Cloud Bigtable',
    'Cloud Firestore',
    'Firestore',
    'Cloud Memorystore for Redis',
    'Memorystore',
    'AlloyDB',
    'Cloud Datastore',
  ],
  'Developer Tools': ['Cloud Build', 'Artifact Registry', 'Container Registry', 'Cloud Source Repositories', 'Cloud Deploy'],
  Identity: ['Identity Platform', 'Cloud Identity'],
  Integration: ['Cloud Pub/Sub', 'Pub/Sub', 'Cloud Tasks', 'Cloud Scheduler', 'Workflows', 'Eventarc', 'Apigee', 'API Gateway'],
  'Internet of Things': ['Cloud IoT Core'],
  'Management and Governance': [
    'Cloud Logging',
    'Cloud Monitoring',
    'Stackdriver Logging',
    'Stackdriver Monitoring',
    'Cloud Trace',
    'Cloud Profiler',
  ],
  Migration: ['Database Migration Service', 'Migrate to Virtual Machines', 'Storage Transfer Service'],
  Networking: [
    'Networking',
    'Cloud DNS',
    'Cloud CDN',
    'Cloud Load Balancing',
    'Cloud NAT',
    'Cloud VPN',
    'Cloud Interconnect',
    'Network Intelligence Center',
  ],
  Security: ['Cloud Key Management Service (KMS)', 'Secret Manager', 'Security Command Center', 'Cloud Armor', 'Certificate Manager'],
  Storage: ['Cloud Storage', 'Filestore', 'Backup and DR Service', 'Persistent Disk'],
};

/** SQL: the ServiceCategory of a service identifier expression; 'Other' when unknown or missing. */
export function serviceCategorySql(serviceExpr: string, lookup: Lookup): string {
  const s = `lower(${serviceExpr})`;
  const whens = Object.entries(lookup).map(
    ([category, ids]) => `WHEN ${s} IN (${ids.map((id) => literal(id.toLowerCase())).join(', ')}) THEN ${literal(category)}`,
  );
  return `CASE ${whens.join(' ')} ELSE 'Other' END`;
}
