import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import type { DomainEvent, EventPublisher } from "@crm/core/ports";

/** Publishes domain events to the bus, ten per call (the PutEvents limit), and fails loudly on rejects. */
export class EventBridgePublisher implements EventPublisher {
  constructor(private readonly busName = process.env.EVENT_BUS_NAME ?? "default", private readonly client = new EventBridgeClient({})) {}

  async publish(events: DomainEvent[]) {
    for (let i = 0; i < events.length; i += 10) {
      const batch = events.slice(i, i + 10);
      const res = await this.client.send(
        new PutEventsCommand({
          Entries: batch.map((e) => ({ EventBusName: this.busName, Source: "crm", DetailType: e.type, Detail: JSON.stringify(e), Time: new Date(e.at) })),
        }),
      );
      if (res.FailedEntryCount) throw new Error(`EventBridge rejected ${res.FailedEntryCount} events`);
    }
  }
}
