from notifications.services import delivery_event_record


def record_tracking_event(sender, event, esp_name, **kwargs):
    delivery_event_record(
        event_type=event.event_type,
        recipient=event.recipient or "",
        description=event.description or event.mta_response or "",
        notification_id=str((event.metadata or {}).get("notification_id", "")),
        category=str((event.metadata or {}).get("category", "")),
    )
