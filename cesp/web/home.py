"""The home page of each role: "ce qui demande mon attention"."""

from cesp.accounts.enums import Role

TEMPLATE_BY_ROLE = {
    Role.STUDENT: "web/home/student.html",
    Role.UFR_AGENT: "web/home/ufr.html",
    Role.COMMISSION_MEMBER: "web/home/ufr.html",
    Role.ARS_REFERENT: "web/home/ars.html",
    Role.ARS_DIRECTOR: "web/home/ars.html",
    Role.NATIONAL_AGENT: "web/home/national.html",
    Role.RESEARCHER: "web/home/researcher.html",
    Role.ADMIN: "web/home/admin.html",
}


def home_context(user: object) -> tuple[str, dict]:
    """The template and context of a signed-in user's home page."""
    template = TEMPLATE_BY_ROLE.get(getattr(user, "role", ""), "web/home/researcher.html")
    return template, {}
