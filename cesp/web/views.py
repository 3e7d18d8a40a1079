"""Public pages, the home page of each role and the public simulator."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cesp.core.ui.explain import normalise, steps_for
from cesp.followup import services as followup_services
from cesp.rules import SituationError

from .home import home_context
from .simulator import Scenario, SimulatorForm, aids_answer, simulate
from .space import space_context


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    """Public home for visitors; "ce qui demande mon attention" for a signed-in user."""
    if not request.user.is_authenticated:
        return render(request, "web/home_public.html")
    template, context = home_context(request.user)
    return render(request, template, context)


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    """Accessibility statement (RGAA), linked from every page footer."""
    return render(request, "web/accessibility.html")


def completion_steps(scenario: Scenario) -> list:
    """The "pourquoi ?" of the projected end of the engagement (its value the date)."""
    if scenario.completion is None:
        return []
    figure = scenario.completion
    return [normalise({**figure.step.to_dict(), "value": f"{figure.value.date:%d/%m/%Y}"})]


@login_not_required
def simulator(request: HttpRequest) -> HttpResponse:
    """Public simulator: months owed, amounts received, cost of a breach, each explained."""
    scenarios = []
    aids = None
    engine_error = ""
    form = SimulatorForm(request.GET or None)
    if form.is_valid():
        try:
            scenarios = [
                {
                    "scenario": scenario,
                    "allocation_steps": steps_for(scenario.result, "allocation"),
                    "engagement_steps": steps_for(scenario.result, "engagement"),
                    "breach_steps": steps_for(scenario.result, "breach"),
                    "completion_steps": completion_steps(scenario),
                }
                for scenario in simulate(form.cleaned_data)
            ]
            aids = aids_answer(form.cleaned_data)
        except SituationError as error:
            engine_error = str(error)
    template = "web/simulator_results.html" if request.htmx else "web/simulator.html"
    return render(
        request,
        template,
        {"form": form, "scenarios": scenarios, "aids": aids, "engine_error": engine_error},
    )


def space(request: HttpRequest, contract_id: int | None = None) -> HttpResponse:
    """« Mon espace »: the signatory's contract, calendar, referent, project, documents,
    messages, requests and payments in one page (404 for anyone else)."""
    context = space_context(request.user, contract_id, timezone.localdate())
    response = render(request, "web/space/page.html", context)
    if context["contract"] is not None:  # the zoning notices shown are now seen
        followup_services.mark_zoning_seen(context["contract"], request.user)
    return response
