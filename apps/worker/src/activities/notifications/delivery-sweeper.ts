import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DeliveryStarter } from '@comity/notifications';

// Deliveries are started right after the transaction that records them commits; one whose
// process died in between (or found Temporal unreachable) is started by this sweep. Starting is
// idempotent, so several workers sweeping at once start each delivery once.
const SWEEP_EVERY_MS = 30_000;

@Injectable()
export class DeliverySweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeliverySweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly starter: DeliveryStarter) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.starter.sweep().catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, 'Delivery sweep failed'));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
