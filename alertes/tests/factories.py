from accounts.tests.factories import UserFactory
from alertes import services


def make_alert(user=None, *, active=True, **criteria):
    user = user or UserFactory()
    return services.alert_save(user=user, active=active, actor=user, **criteria)
