import { Service } from "electrodb";
import { AuditEntity } from "./audit";
import { CompanyEntity } from "./company";
import { ContactEntity } from "./contact";
import { InvitationEntity } from "./invitation";
import { LookupEntity } from "./lookup";
import { MembershipEntity } from "./membership";
import { SearchEntity } from "./search";
import { TeamEntity } from "./team";
import { TenantEntity } from "./tenant";
import { UniqueEntity } from "./unique";
import { UsageEntity } from "./usage";
import { UserEntity } from "./user";
import { ApiKeyEntity } from "./api-key";
import { CounterEntity } from "./counter";
import { NoteEntity } from "./note";
import { InboxStateEntity, NotificationEntity } from "./notification";
import { TaskEntity } from "./task";
import { TimelineEntity } from "./timeline";
import { DueEntity } from "./due";
import { SlaItemEntity } from "./sla-item";
import { SlaStatEntity } from "./sla-stat";
import { MessageEntity } from "./message";
import { TicketEntity } from "./ticket";
import { PipelineEntity } from "./pipeline";
import { DealEntity } from "./deal";
import { DealHistoryEntity } from "./deal-history";
import { BoardCounterEntity } from "./board-counter";
import { SalesStatEntity } from "./sales-stat";
import { GoalEntity } from "./goal";
import { ActivityMarkEntity, ActivityStatEntity } from "./activity-stat";
import { CollectionStatEntity } from "./collection-stat";
import { HealthEntity } from "./health";
import { ChurnSettingsEntity } from "./churn-settings";
import { SuppressionEntity } from "./suppression";
import { CareCampaignEntity } from "./care-campaign";
import { CareScheduleEntity } from "./care-schedule";
import { CareSendEntity } from "./care-send";
import { WebhookEntity } from "./webhook";
import { WebhookDeliveryEntity } from "./webhook-delivery";
import { LeadEntity } from "./lead";
import { LeadCounterEntity, LeadRoutingEntity } from "./lead-routing";
import { ActivityEntity } from "./activity";
import { CustomFieldCountEntity, CustomFieldEntity } from "./custom-field";
import { LayoutEntity } from "./layout";
import { EfficiencyMarkEntity, EfficiencyStatEntity } from "./efficiency-stat";
import { TenantJobEntity } from "./tenant-job";
import { ImportRowEntity, ImportSeenEntity, ImportSlotsEntity } from "./import-job";
import { DuplicateSettingsEntity, MergeRedirectEntity } from "./duplicate";
import { PoolCounterEntity, PoolCustomerEntity, PoolEntity } from "./pool";
import { ContractEntity, ContractSettingsEntity, PaymentEntity } from "./contract";
import { ContractAttachmentEntity } from "./contract-attachment";
import { RobotDeliveryEntity, RobotEntity } from "./robot";
import { ConflictKeyEntity, ConflictSettingsEntity } from "./conflict-key";
import { LifecycleActivityEntity, LifecycleCountEntity, LifecycleSettingsEntity, LifecycleStatEntity, LifecycleTransitionEntity } from "./lifecycle";
import { ObjectCountEntity, ObjectDefEntity, ObjectLinkEntity, ObjectRecordEntity } from "./custom-object";
import { ApprovalFlowEntity, ApprovalInboxEntity, ApprovalRequestEntity } from "./approval";
import { SegmentEntity } from "./segment";
import { BroadcastEntity, BroadcastSendEntity } from "./broadcast";
import { MarketingCampaignEntity, MarketingMarkEntity, MarketingSettingsEntity, MarketingStatEntity } from "./marketing-campaign";
import { entityConfig } from "./config";

/** Every entity of the table, composed for transactions. */
export const Db = new Service(
  {
    tenant: TenantEntity,
    segment: SegmentEntity,
    broadcast: BroadcastEntity,
    broadcastsend: BroadcastSendEntity,
    usage: UsageEntity,
    lookup: LookupEntity,
    user: UserEntity,
    membership: MembershipEntity,
    team: TeamEntity,
    invitation: InvitationEntity,
    contact: ContactEntity,
    company: CompanyEntity,
    unique: UniqueEntity,
    search: SearchEntity,
    audit: AuditEntity,
    ticket: TicketEntity,
    message: MessageEntity,
    counter: CounterEntity,
    apikey: ApiKeyEntity,
    slaitem: SlaItemEntity,
    due: DueEntity,
    slastat: SlaStatEntity,
    note: NoteEntity,
    timeline: TimelineEntity,
    notification: NotificationEntity,
    inboxstate: InboxStateEntity,
    task: TaskEntity,
    activity: ActivityEntity,
    pipeline: PipelineEntity,
    deal: DealEntity,
    dealhistory: DealHistoryEntity,
    boardcounter: BoardCounterEntity,
    salesstat: SalesStatEntity,
    lead: LeadEntity,
    leadrouting: LeadRoutingEntity,
    leadcounter: LeadCounterEntity,
    webhook: WebhookEntity,
    webhookdelivery: WebhookDeliveryEntity,
    suppression: SuppressionEntity,
    carecampaign: CareCampaignEntity,
    careschedule: CareScheduleEntity,
    caresend: CareSendEntity,
    health: HealthEntity,
    churnsettings: ChurnSettingsEntity,
    goal: GoalEntity,
    activitystat: ActivityStatEntity,
    collectionstat: CollectionStatEntity,
    activitymark: ActivityMarkEntity,
    lifecycletransition: LifecycleTransitionEntity,
    lifecyclecount: LifecycleCountEntity,
    lifecyclestat: LifecycleStatEntity,
    lifecyclesettings: LifecycleSettingsEntity,
    lifecycleactivity: LifecycleActivityEntity,
    tenantjob: TenantJobEntity,
    efficiencystat: EfficiencyStatEntity,
    efficiencymark: EfficiencyMarkEntity,
    mktcampaign: MarketingCampaignEntity,
    mktstat: MarketingStatEntity,
    mktmark: MarketingMarkEntity,
    mktsettings: MarketingSettingsEntity,
    customfield: CustomFieldEntity,
    customfieldcount: CustomFieldCountEntity,
    layout: LayoutEntity,
    importrow: ImportRowEntity,
    importseen: ImportSeenEntity,
    importslots: ImportSlotsEntity,
    dupsettings: DuplicateSettingsEntity,
    mergeredirect: MergeRedirectEntity,
    pool: PoolEntity,
    poolcustomer: PoolCustomerEntity,
    poolcounter: PoolCounterEntity,
    contract: ContractEntity,
    payment: PaymentEntity,
    contractsettings: ContractSettingsEntity,
    contractfile: ContractAttachmentEntity,
    robot: RobotEntity,
    robotdelivery: RobotDeliveryEntity,
    approvalflow: ApprovalFlowEntity,
    approvalrequest: ApprovalRequestEntity,
    approvalinbox: ApprovalInboxEntity,
    objectdef: ObjectDefEntity,
    objectcount: ObjectCountEntity,
    objectrecord: ObjectRecordEntity,
    objectlink: ObjectLinkEntity,
    conflictkey: ConflictKeyEntity,
    conflictsettings: ConflictSettingsEntity,
  },
  entityConfig(),
);
