from django_tasks import task

from notifications.services import notifications_deliver


@task()
def deliver_notifications(notification_ids: list[int]) -> dict:
    return notifications_deliver(notification_ids)
