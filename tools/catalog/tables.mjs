// tables.mjs: the hand-written knowledge the generator adds to the two
// directories: category names, vendor names, which sub-APIs are one product,
// and the systems curated elsewhere. Keep entries short and factual.

export const DIGIT_WORDS = {};
export const KEY_RENAMES = { clientid: 'client_id', appkey: 'app_key', apptoken: 'app_token', apikey: 'api_key', sub_domain: 'subdomain', host_name: 'hostname', api_token: 'token', tenant_i_d: 'tenant_id', workspace_i_d: 'workspace_id', region_i_d: 'region_id' };

export const LABEL_WORDS = {
	id: 'ID', url: 'URL', api: 'API', tld: 'TLD', sid: 'SID', uuid: 'UUID', sso: 'SSO', oauth: 'OAuth',
	dc: 'data center', uri: 'URI', ip: 'IP', sku: 'SKU', anid: 'ANID', ocs: 'OCS', cid: 'CID',
};

export const HEADER_WORDS = { api: 'API', id: 'ID', x: 'X', ms: 'MS', av: 'AV', pw: 'PW', cb: 'CB', dd: 'DD', qb: 'QB', jvi: 'JVI', yk: 'YK', rh: 'RH', ocp: 'Ocp', apim: 'Apim' };

export const PLACEHOLDERS = {
	subdomain: 'yourcompany',
	tenant_id: '00000000-0000-0000-0000-000000000000',
};
// Tags used only when a product has no other tag.
export const WEAK_TAGS = ['ticketing', 'productivity', 'other', 'tools'];

// Variant words stripped from the end of a product name ("Gong (Basic Auth)" was already cut at the bracket).
export const NANGO_NAME_SUFFIX = /\s+(API Key|API Token|Basic Auth|REST API|API|OAuth ?2?|OAuth2 CC|Client Credentials|CC|PAT|Personal Access Token)$/i;

// Sources' category tags -> CATALOG.md categories.
export const CATEGORY_MAP = {
	// Nango
	erp: 'ERP', accounting: 'Accounting', invoicing: 'Accounting', banking: 'Payments', payment: 'Payments',
	crm: 'CRM', hr: 'HR', ats: 'HR', 'e-commerce': 'E-commerce', marketing: 'Marketing', social: 'Marketing',
	surveys: 'Marketing', cms: 'Marketing', support: 'Support', ticketing: 'Support', communication: 'Collaboration',
	productivity: 'Collaboration', 'knowledge-base': 'Collaboration', design: 'Collaboration', video: 'Collaboration',
	storage: 'Collaboration', 'dev-tools': 'Developer', iam: 'Developer', mcp: 'Developer', analytics: 'Analytics',
	legal: 'Other', sports: 'Other', gaming: 'Other', search: 'Developer', other: 'Other',
	// APIs.guru
	financial: 'Payments', ecommerce: 'E-commerce', customer_relation: 'CRM', collaboration: 'Collaboration',
	project_management: 'Collaboration', time_management: 'Collaboration', email: 'Marketing', messaging: 'Collaboration',
	telecom: 'Collaboration', forms: 'Collaboration', developer_tools: 'Developer', cloud: 'Developer',
	hosting: 'Developer', backend: 'Developer', security: 'Developer', monitoring: 'Developer', iot: 'Developer',
	machine_learning: 'Developer', tools: 'Developer', text: 'Developer', open_data: 'Analytics',
	enterprise: 'Other', media: 'Other', entertainment: 'Other', location: 'Other', transport: 'Other', education: 'Other',
};

// When a product carries several tags, the first category in this list wins.
export const CATEGORY_RANK = ['ERP', 'CMMS/EAM', 'WMS', 'MES', 'Procurement', 'Accounting', 'HR', 'CRM', 'E-commerce',
	'Payments', 'Support', 'Marketing', 'Analytics', 'Collaboration', 'Developer', 'Other'];

// Every category CATALOG.md allows.
export const CATEGORIES = ['ERP', 'Accounting', 'CMMS/EAM', 'WMS', 'MES', 'Procurement', 'HR', 'CRM', 'E-commerce', 'Payments', 'Marketing', 'Support', 'Collaboration', 'Developer', 'Analytics', 'Other'];
export const CORE_CATEGORIES = ['ERP', 'CMMS/EAM', 'WMS', 'MES', 'Procurement', 'Accounting'];
export const BUSINESS_CATEGORIES = ['ERP', 'Accounting', 'CMMS/EAM', 'WMS', 'MES', 'Procurement', 'HR', 'CRM', 'E-commerce', 'Payments', 'Support'];

// Products whose sources' tags miss what they are (keys: lower-case letters and digits of the name).
export const CATEGORY_OVERRIDES = {
	coupacompass: 'Procurement', sapfieldglass: 'Procurement', sapconcur: 'Accounting', expensify: 'Accounting',
	shipbob: 'WMS', idsfulfillment: 'WMS', zohoinventory: 'WMS', fulfillmentcom: 'WMS', cin7core: 'ERP',
	avalara: 'Accounting', anrok: 'Accounting', taxamo: 'Accounting', vatapi: 'Accounting', storecove: 'Accounting', billingo: 'Accounting',
	jira: 'Collaboration', jiradatacenter: 'Collaboration', asana: 'Collaboration', linear: 'Collaboration', trello: 'Collaboration',
	clickup: 'Collaboration', todoist: 'Collaboration', ticktick: 'Collaboration', monday: 'Collaboration', github: 'Developer',
	gitlab: 'Developer', bitbucket: 'Developer', jamfpro: 'Developer', malwarebytes: 'Developer', huntress: 'Developer',
	bitdefender: 'Developer', mux: 'Developer', azureresourcemanager: 'Developer', awsiamidentitycenter: 'Developer',
	microsoftgraph: 'Collaboration', microsoftexcel: 'Collaboration', microsoftpowerbi: 'Analytics',
};

// Large enterprise ERPs cost 4 credits.
export const ENTERPRISE_ERP = [/^SAP\b/, /^Oracle\b/, /^Infor\b/, /^IFS\b/, /^Epicor\b/, /^Workday\b/, /^Unit4\b/, /^(Microsoft )?Dynamics 365\b/];

export const VENDOR_PREFIXES = [
	[/^(Microsoft|Azure|Outlook|OneDrive|OneNote|SharePoint|Power BI|Dynamics|Bing|Teams|Intune|Excel|Word|PowerPoint|Yammer|Viva)\b/, 'Microsoft'],
	[/^(Google|Gmail|YouTube|Firebase|Looker)\b/, 'Google'],
	[/^SAP\b/, 'SAP'], [/^Oracle\b/, 'Oracle'], [/^Zoho\b/, 'Zoho'], [/^Sage\b/, 'Sage'],
	[/^(Jira|Confluence|Bitbucket|Trello|Atlassian|Opsgenie|Statuspage|Loom)\b/, 'Atlassian'],
	[/^(Salesforce|Slack|Tableau|MuleSoft|Pardot|Heroku)\b/, 'Salesforce'],
	[/^(Adobe|Marketo|Workfront|Frame\.io)\b/, 'Adobe'], [/^(AWS|Amazon)\b/, 'Amazon'],
	[/^Fresh(desk|service|sales|chat|caller|works|team|ping|marketer)\b/i, 'Freshworks'], [/^Zendesk\b/, 'Zendesk'],
	[/^HubSpot\b/, 'HubSpot'], [/^(Intuit|QuickBooks|Mailchimp|Mandrill)\b/, 'Intuit'], [/^(Cisco|Webex|Meraki|Duo)\b/, 'Cisco'],
	[/^IBM\b/, 'IBM'], [/^Workday\b/, 'Workday'], [/^Infor\b/, 'Infor'], [/^(Okta|Auth0)\b/, 'Okta'], [/^ADP\b/, 'ADP'],
	[/^UKG\b/, 'UKG'], [/^(Twilio|SendGrid|Segment)\b/, 'Twilio'], [/^(Vonage|Nexmo)\b/, 'Vonage'],
	[/^(Meta|Facebook|Instagram|WhatsApp)\b/, 'Meta'], [/^Apple\b/, 'Apple'], [/^GitHub\b/, 'GitHub'],
	[/^Thomson Reuters\b/, 'Thomson Reuters'], [/^(Visma|e-conomic|Severa)\b/, 'Visma'], [/^Shopify\b/, 'Shopify'],
	[/^(PayPal|Braintree|Venmo)\b/, 'PayPal'], [/^Intercom\b/, 'Intercom'], [/^Datadog\b/, 'Datadog'],
	[/^(Greenhouse)\b/, 'Greenhouse'], [/^Paylocity\b/, 'Paylocity'], [/^Personio\b/, 'Personio'], [/^Gusto\b/, 'Gusto'],
	[/^(Pipedrive)\b/, 'Pipedrive'], [/^(Stripe)\b/, 'Stripe'], [/^(Square)\b/, 'Block'], [/^(Autodesk|BIM 360)\b/, 'Autodesk'],
	[/^(Procore)\b/, 'Procore'], [/^(ServiceNow)\b/, 'ServiceNow'], [/^(Snowflake)\b/, 'Snowflake'], [/^(Databricks)\b/, 'Databricks'],
	[/^(Dropbox)\b/, 'Dropbox'], [/^(Box)\b/, 'Box'], [/^(Epic)\b/, 'Epic'], [/^(Cerner)\b/, 'Oracle'], [/^(Xero)\b/, 'Xero'],
	[/^(Gong)\b/, 'Gong'], [/^(Klaviyo)\b/, 'Klaviyo'], [/^(Sentry)\b/, 'Sentry'], [/^(GitLab)\b/, 'GitLab'],
	[/^(Ramp)\b/, 'Ramp'], [/^(Brex)\b/, 'Brex'], [/^(Rippling)\b/, 'Rippling'], [/^(Deel)\b/, 'Deel'], [/^(BambooHR)\b/, 'BambooHR'],
	[/^(Hibob)\b/, 'HiBob'], [/^(Lever)\b/, 'Lever'], [/^(Coupa)\b/, 'Coupa'], [/^(Planning Center)\b/, 'Planning Center'],
	[/^(ConnectWise)\b/, 'ConnectWise'], [/^(NinjaOne)\b/, 'NinjaOne'], [/^(Kaseya|Datto|IT Glue)\b/, 'Kaseya'],
	[/^(Paychex)\b/, 'Paychex'], [/^(Ceridian|Dayforce)\b/, 'Dayforce'], [/^(Blackbaud)\b/, 'Blackbaud'],
	[/^(Unanet)\b/, 'Unanet'], [/^(Transporeon)\b/, 'Trimble'], [/^(Avalara)\b/, 'Avalara'], [/^(Bill)\b/, 'BILL'],
];

// Systems hand-written in curated.json; the generator skips them (same product).
export const CURATED_IDS = ['tryton', 'odoo', 'sap-s4hana-onprem', 'sap-s4hana-cloud', 'sap-ecc', 'sap-business-one', 'sap-ariba',
	'netsuite', 'oracle-fusion-erp', 'jd-edwards', 'oracle-ebs', 'dynamics365-business-central', 'dynamics365-finance-operations',
	'dynamics-gp', 'dynamics-nav', 'erpnext', 'ibm-maximo', 'acumatica', 'dolibarr', 'quickbooks-online', 'xero', 'freshbooks',
	'zoho-books', 'upkeep', 'fiix', 'limble', 'maintainx'];
// Matched against the product name reduced to lower-case letters and digits.
export const CURATED_MATCH = [/^tryton/, /^odoo/, /^saps4hana/, /^sapodata/, /^sapecc$/, /^sapbusinessone/, /^sapariba/,
	/^(oracle)?netsuite/, /^oraclefusion(cloud)?(erp)?$/, /^jdedwards/, /^oracleebusiness|^oracleebs/, /businesscentral/,
	/^(microsoft)?dynamics365finance/, /^(microsoft)?dynamics(gp|nav)$/, /^erpnext/, /maximo/, /^acumatica/, /^dolibarr/,
	/^quickbooks(online)?$/, /^xero$/, /^freshbooks/, /^zohobooks/, /^upkeep/, /^fiix/, /^limble/, /^maintainx/];

// Two spellings of one product (key: normalised name -> the name to group under).
export const PRODUCT_ALIASES = { squareup: 'Square', hibobserviceuser: 'HiBob', googlesheet: 'Google Sheets' };
// Final display names where the sources' spelling is off (key: normalised product name).
export const NAME_FIXES = {
	squareup: 'Square', paypal: 'PayPal', freshdesk: 'Freshdesk', shipstation: 'ShipStation', recruitcrm: 'Recruit CRM',
	smartrecruiters: 'SmartRecruiters', hibob: 'HiBob', callrail: 'CallRail', jobadder: 'JobAdder',
};
export const EXTRA_ALIASES = {};

// Auth modes kept as "available": false for notable business systems.
export const UNAVAILABLE_METHOD = { OAUTH2: 'oauth2_code' };
export const METHOD_WORDS = { oauth2_code: 'an OAuth2 browser sign-in (authorization code)', oauth2_password: 'the OAuth2 password grant', netsuite_tba: 'NetSuite token-based authentication' };
export const SKIP_UNAVAILABLE = /sandbox|staging|\bmcp\b|\btest\b/i;

// Domains shared by many products: never used to match products across sources.
export const SHARED_DOMAINS = ['amazonaws.com', 'amazon.com', 'azure.com', 'microsoft.com', 'windows.net', 'microsoftonline.com',
	'googleapis.com', 'google.com', 'herokuapp.com', 'azurewebsites.net', 'azure-api.net', 'appspot.com', 'github.io', 'rapidapi.com',
	'apigee.net', 'example.com', 'cloudfront.net', 'nango.dev', 'atlassian.com', 'atlassian.net', 'zohoapis.com', 'zoho.com',
	'salesforce.com', 'force.com', 'sap.com', 'ondemand.com', 'oraclecloud.com', 'okta.com', 'auth0.com', 'intuit.com',
	'adobe.io', 'adobelogin.com', 'apple.com', 'sharepoint.com', 'office.com', 'live.com', 'dynamics.com', 'office365.com',
	'windows.com', 'cloud.microsoft', 'local', 'p.rapidapi.com', 'swaggerhub.com', 'postman.com', 'readme.io', 'apiary.io',
	'myshopify.com', 'gov.uk', 'api.gov.uk', 'gov.in', 'amazoncognito.com', 'hubspot.com'];

// APIs.guru providers left out: request signing (AWS SigV4), or not a product's API.
export const GURU_SKIP_PROVIDERS = [/^salesforce\.local$/, /^amazonaws\.com$/, /^openbanking\.org\.uk$/, /^apis\.guru$/, /^google\.home$/, /^httpbin\.org$/,
	/^getsandbox\.com$/, /^rbaskets\.in$/, /^openapi-generator\.tech$/, /^swagger\.io$/, /^mermade\.org\.uk$/, /^wiremock\.org$/,
	/^microcks\.local$/, /^extendsclass\.com$/, /^wellknown\.ai$/, /^github\.com$/];

// Providers whose sub-APIs are separately branded products: service -> product suffix (null: fold into the provider).
export const GURU_SPLIT = {
	// each Azure resource provider (Microsoft.KeyVault, ...) is its own product, managed through Resource Manager
	'azure.com': (service, title, servers, ns) => (servers.some((u) => /management\.azure\.com/.test(u)) ? (ns ? azureName(ns) : 'Resource Manager') : /^cognitiveservices/i.test(service) ? 'AI services' : service.replace(/-/g, ' ')),
	// each Google API (Gmail, Sheets, BigQuery, ...) is its own product
	'googleapis.com': (service, title) => googleName(title, service),
	'microsoft.com': (service) => (/Search|AutoSuggest|SpellCheck/.test(service) ? 'Bing Search' : /^cognitiveservices/i.test(service) ? 'AI services' : null),
};

// Providers whose split names are whole product names ("Azure Key Vault", "Gmail"), not suffixes.
export const GURU_SPLIT_FULL = ['azure.com', 'googleapis.com'];

// Azure resource provider namespaces whose product name is not the namespace spelled out.
const AZURE_NAMES = {
	DocumentDB: 'Cosmos DB', DBforPostgreSQL: 'Database for PostgreSQL', DBforMySQL: 'Database for MySQL', DBforMariaDB: 'Database for MariaDB',
	Web: 'App Service', Insights: 'Monitor', OperationalInsights: 'Log Analytics', OperationsManagement: 'Monitor solutions', Compute: 'Virtual Machines',
	Network: 'Virtual Network', Sql: 'SQL Database', Cache: 'Cache for Redis', ContainerService: 'Kubernetes Service', Devices: 'IoT Hub',
	Authorization: 'role-based access control', Resources: 'Resource Manager', Kusto: 'Data Explorer', AAD: 'AD Domain Services', Logic: 'Logic Apps',
	EventHub: 'Event Hubs', Cdn: 'CDN', Media: 'Media Services', DataLakeStore: 'Data Lake Storage Gen1', DataLakeAnalytics: 'Data Lake Analytics',
	HDInsight: 'HDInsight', IoTCentral: 'IoT Central', ApiManagement: 'API Management', AppConfiguration: 'App Configuration', AppPlatform: 'Spring Apps',
	Commerce: 'Commerce (usage and rates)', CostManagement: 'Cost Management', PolicyInsights: 'Policy', RecoveryServices: 'Backup and Site Recovery',
	ManagedIdentity: 'Managed Identities', Management: 'Management Groups', Maps: 'Maps', BotService: 'Bot Service', DataBoxEdge: 'Stack Edge',
	SqlVirtualMachine: 'SQL Server on Virtual Machines', StorSimple: 'StorSimple', HanaOnAzure: 'Large Instances (SAP HANA)', VirtualMachineImages: 'VM Image Builder',
	Security: 'Defender for Cloud', SecurityInsights: 'Sentinel', Search: 'AI Search', CognitiveServices: 'AI services', MachineLearningServices: 'Machine Learning',
	ContainerInstance: 'Container Instances', DevTestLab: 'DevTest Labs', LabServices: 'Lab Services', NotificationHubs: 'Notification Hubs',
};
/** "Microsoft.ContainerRegistry" -> "Azure Container Registry" */
function azureName(ns) {
	const short = ns.replace(/^Microsoft\./, '');
	const spelled = AZURE_NAMES[short] || short.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
	return 'Azure ' + spelled;
}
/** "Google Sheets API" -> "Google Sheets"; "BigQuery API" -> "Google BigQuery"; own brands keep their name */
function googleName(title, service) {
	let t = String(title || service).replace(/\s*\((v[\d.a-z]+|beta|alpha)\)\s*$/i, '').replace(/\s+(JSON\s+)?API(\s+v[\d.]+)?$/i, '').trim();
	if (!t) t = service;
	if (!/^(Google|YouTube|Gmail|Firebase|Android|Chrome|Blogger|AdSense|AdMob|Apigee|Looker|Display & Video 360|Campaign Manager|Search Ads 360|Cloud Search)\b/.test(t)) t = 'Google ' + t;
	return t;
}

// APIs.guru tags every Google API "analytics, media"; these name rules say what each is for
// (first match wins; the rest are Google Cloud developer APIs).
export const GOOGLE_CATEGORIES = [
	[/Analytics|BigQuery|Looker|Dataflow|Dataproc|Datastream|Data Catalog|Dataplex|Data Fusion|Reporting/, 'Analytics'],
	[/Ads|AdSense|AdMob|Ad Exchange|DoubleClick|Display & Video|Campaign Manager|Search Ads|Tag Manager|Marketing|Merchant|Content API|Shopping|Business Profile|My Business|Search Console|YouTube|Blogger|Authorized Buyers|Real-time Bidding/, 'Marketing'],
	[/Gmail|Calendar|Chat|Meet|Drive|Docs|Sheets|Slides|Forms|Keep|Google Tasks$|Contacts|People|Classroom|Workspace|Admin SDK|Groups|Vault|Apps Script|Cloud Search|Area120/, 'Collaboration'],
	[/Payments|Wallet|Pay\b/, 'Payments'],
];

// Sign-in services that run the authorization code flow although a spec lists only the implicit one:
// sign-in host -> token URL (Google's OAuth 2.0 for web server applications).
export const CODE_TOKEN_URLS = { 'accounts.google.com': 'https://oauth2.googleapis.com/token' };

// Sign-in address parameters a provider needs before it hands out a refresh token (key: domain label).
export const GURU_AUTHORIZE_PARAMS = { googleapis: 'access_type=offline&prompt=consent' };

// Product names for APIs.guru providers where the domain does not spell them.
export const GURU_NAMES = {
	'azure.com#AI services': 'Azure AI services', 'azure.com#Resource Manager': 'Azure Resource Manager', 'microsoft.com#AI services': 'Azure AI services', 'microsoft.com#Bing Search': 'Bing Search',
	'1password.com': '1Password', '1password.local': '1Password', 'hubapi.com': 'HubSpot', 'nexmo.com': 'Vonage',
	'vonage.com': 'Vonage Business Communications', 'sportsdata.io': 'SportsDataIO', 'fungenerators.com': 'Fun Generators',
	'funtranslations.com': 'FunTranslations', 'letmc.com': 'agentOS (LetMC)', 'wmata.com': 'WMATA', 'gov.bc.ca': 'DataBC',
	'haloapi.com': 'Halo', 'apideck.com': 'Apideck', 'va.gov': 'VA Lighthouse', 'here.com': 'HERE', 'ebay.com': 'eBay',
	'apisetu.gov.in': 'API Setu', 'vtex.local': 'VTEX', 'mastodon.local': 'Mastodon', 'keycloak.local': 'Keycloak',
	'jellyfin.local': 'Jellyfin', 'airbyte.local': 'Airbyte', 'conjur.local': 'Conjur', 'apache.org': 'Apache Airflow',
	'superset.apache.local': 'Apache Superset', 'whatsapp.local': 'WhatsApp Business', 'salesforce.local': 'Salesforce Einstein',
	'kubernetes.io': 'Kubernetes', 'redhat.com': 'Red Hat Hybrid Cloud Console', 'redhat.local': 'Red Hat Patch Manager',
	'vmware.local': 'VMware vRealize Network Insight', 'opensuse.org': 'Open Build Service', 'maif.local': 'Otoroshi',
	'seldon.local': 'Seldon Core', 'gambitcomm.local': 'MIMIC Simulator', 'truesight.local': 'TrueSight Presentation Server',
	'cdcgov.local': 'ReportStream', 'powerdns.local': 'PowerDNS', 'rudder.example.local': 'Rudder', 'mercure.local': 'Mercure',
	'openstf.io': 'Smartphone Test Farm', 'influxdata.com': 'InfluxDB', 'gitea.io': 'Gitea', 'gitlab.com': 'GitLab',
	'digitalocean.com': 'DigitalOcean', 'launchdarkly.com': 'LaunchDarkly', 'sendgrid.com': 'SendGrid', 'mailchimp.com': 'Mailchimp',
	'squareup.com': 'Square', 'youneedabudget.com': 'YNAB', 'zeit.co': 'Vercel', 'visma.com': 'Visma Severa', 'e-conomic.com': 'e-conomic',
	'twitter.com': 'X (Twitter)', 'zoom.us': 'Zoom', 'stripe.com': 'Stripe', 'plaid.com': 'Plaid', 'asana.com': 'Asana',
	'atlassian.com': 'Jira', 'bitbucket.org': 'Bitbucket', 'files.com': 'Files.com', 'api.video': 'api.video', 'dev.to': 'Forem (DEV)',
	'sms77.io': 'seven.io', 'formapi.io': 'DocSpring', 'webflow.com': 'Lucidtech', 'brex.io': 'Brex KYC', 'apigee.net': 'Marketcheck',
	'mashape.com': 'GeoDB Cities', 'medium.com': 'Medium (unofficial)', 'goog.io': 'goog.io', 'tl-api.azurewebsites.net': 'TrivialLife',
	'stream-io-api.com': 'Stream', 'xero.com': 'Xero', 'cowin.gov.cin': 'CoWIN', 'ndhm.gov.in': 'ABDM Health ID',
	'digitallocker.gov.in': 'DigiLocker', 'payments.service.gov.uk': 'GOV.UK Pay', 'linuxfoundation.org': 'LFX Reimbursements',
	'rubrikinc.github.io': 'Rubrik', 'skynewz-api-fortnite.herokuapp.com': 'Fortnite API (SkyNewz)', 'c19qrserver.local': 'COVID-19 QR sign-in server',
	'royalmail.com': 'Royal Mail Click & Drop', 'interactivebrokers.com': 'Interactive Brokers', 'lufthansa.com': 'Lufthansa',
	'just-eat.co.uk': 'Just Eat', 'bbci.co.uk': 'BBC iPlayer', 'britbox.co.uk': 'BritBox', 'deutschebahn.com': 'Deutsche Bahn',
	'intel.com': 'Intel Product Catalogue', 'adobe.com': 'Adobe Experience Manager', 'apple.com': 'App Store Connect',
	'appcenter.ms': 'App Center', 'visualstudio.com': 'Visual Studio Online', 'impala.travel': 'Impala', 'linode.com': 'Linode',
	'shipengine.com': 'ShipEngine', 'paylocity.com': 'Paylocity', 'qualtrics.com': 'Qualtrics', 'salesloft.com': 'Salesloft',
	'pendo.io': 'Pendo', 'orbit.love': 'Orbit', 'storecove.com': 'Storecove', 'billbee.io': 'Billbee', 'billingo.hu': 'Billingo',
	'pocketsmith.com': 'PocketSmith', 'up.com.au': 'Up Bank', 'fire.com': 'Fire', 'nordigen.com': 'Nordigen', 'increase.com': 'Increase',
	'velopayments.com': 'Velo Payments', 'qualpay.com': 'Qualpay', 'taxamo.com': 'Taxamo', 'nbg.gr': 'National Bank of Greece',
	'openbankingproject.ch': 'Swiss NextGen Banking API', 'bigoven.com': 'BigOven', 'slmonitor.com': 'SafetyLine',
	'nebl.io': 'Neblio', 'aviationdata.systems': 'AviationData.Systems', 'iva-api.com': 'IVA Entertainment Express',
	'mon-voyage-pas-cher.com': 'Mon-voyage-pas-cher.com', 'byautomata.io': 'Automata', 'pressassociation.io': 'PA Media TV',
	'codesearch.debian.net': 'Debian Code Search', 'kumpeapps.com': 'KumpeApps', 'cloudrf.com': 'CloudRF',
	'fulfillment.com': 'Fulfillment.com', 'd7networks.com': 'D7 Networks', 'digitallinguistics.io': 'DLx (Digital Linguistics)',
	'crossbrowsertesting.com': 'CrossBrowserTesting', 'geodesystems.com': 'Geode Systems RAMADDA', 'iqualify.com': 'iQualify',
	'jokes.one': 'Jokes One', 'math.tools': 'Math Tools', 'quotes.rest': 'They Said So Quotes', 'gerermesaffaires.com': 'GererMesAffaires', 'codat.io': 'Codat', 'adyen.com': 'Adyen', 'twilio.com': 'Twilio',
};

// APIs.guru groups that are a Nango product under another name.
export const GURU_TO_NANGO = { 'zeit.co': 'Vercel', 'twitter.com': 'Twitter' };

// Parenthesised variants that name a way to sign in or an environment, not a different API.
export const AUTHISH_VARIANT = /^(v\d+(\.\d+)?|basic( auth)?|api key|api token|access token|sandbox|staging|oauth ?2?(\.0)?|oauth2? ?cc|cc|client credentials|pat|personal access token|legacy|beta|private|public|refresh token auth|password grant|client credentials v\d|client credentials - certificate|admin|tenant|tenant specific|service account|system user token|self[- ]hosted|demo|us|eu|basic auth sandbox|oauth sandbox|staging oauth|app|app oauth|user oauth|group access token|api|rest api|token)$/i;
// Source keys and names that make poor aliases.
export const NOISY_KEY = /-(mcp|sandbox|staging|oauth2?|cc|basic|api-key|pat|v\d+|beta|demo|test|oauth2-cc|refresh-token|password-grant)(-|$)/;
export const NOISY_ALIAS = /^(api|apis|v\d+|x|index|server|client|public|default|core|platform|app|auth|mcp|scim|scim api|events|files|accounts?|reports|user|users|customer|forms|current|legacy|private|demo|oauth.*|api token|api key)$/i;

// APIs.guru specs whose security scheme does not say how the vendor really expects the credential.
export const GURU_AUTH_OVERRIDES = {
	'hubapi.com': { method: 'bearer', token: '{token}' }, // private app access tokens go in Authorization: Bearer
	'mailchimp.com': { method: 'basic', user: 'onramp', password: '{api_key}' }, // any user name, the API key as password
};
// APIs.guru servers that name a placeholder host ("server.api.mailchimp.com").
export const GURU_BASE_OVERRIDES = {
	'mailchimp.com': { url: 'https://{data_center}.api.mailchimp.com/3.0', fields: [{ key: 'data_center', kind: 'text', help: 'The letters and number after the dash at the end of your API key, e.g. us19.' }] },
};

// Nango entries that are not a product (generic connectors).
export const NANGO_SKIP = /^(private-api|unauthenticated|generic)/;

// APIs.guru specs that list only a browser sign-in although the vendor documents a
// client-credentials (service principal) grant for the same API.
export const GURU_FORCED_AUTH = [
	{
		provider: 'azure.com', server: /management\.azure\.com/,
		baseUrl: 'https://management.azure.com',
		auth: { method: 'oauth2_cc', token_url: 'https://login.microsoftonline.com/{tenant_id}/oauth2/v2.0/token', client_id: '{client_id}', client_secret: '{client_secret}', scope: 'https://management.azure.com/.default' },
		// listing subscriptions needs a valid token and no other input
		probe: { url: 'https://management.azure.com/subscriptions?api-version=2020-01-01', method: 'GET', verifies: 'credentials' },
	},
];

// Product names for Nango entries whose display name is only the vendor's (key: Nango provider key).
export const NANGO_PRODUCT = {
	microsoft: 'Microsoft Graph', 'microsoft-admin': 'Microsoft Graph', 'microsoft-tenant-specific': 'Microsoft Graph',
	'microsoft-oauth2-cc': 'Microsoft Graph', 'oracle-hcm': 'Oracle Fusion Cloud HCM', 'aws-scim': 'AWS IAM Identity Center',
};
// Scopes for Microsoft Entra ID client-credential tokens, by API host (the token is scoped to one resource).
export const ENTRA_SCOPES = { 'api.powerbi.com': 'https://analysis.windows.net/powerbi/api/.default' };

// APIs.guru providers whose domain is not the product's (never matched by domain).
export const GURU_NO_DOMAIN_MERGE = ['webflow.com', 'brex.io', 'github.com', 'apigee.net', 'mashape.com', 'medium.com'];

// API hosts that serve many products (one sign-in, many services): entries may share them.
export const MULTI_PRODUCT_HOSTS = ['rds.{region}.amazonaws.com', 'graph.microsoft.com', 'management.azure.com', 'www.googleapis.com', 'graph.facebook.com'];
