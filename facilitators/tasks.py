from django_tasks import task

from facilitators.services import assignment_plan_solve, assignment_restaff


@task()
def solve_assignment_plan(plan_id: int) -> str:
    return assignment_plan_solve(plan_id=plan_id).status


@task()
def restaff_after_decline(assignment_id: int) -> int:
    return assignment_restaff(declined_assignment_id=assignment_id).pk
