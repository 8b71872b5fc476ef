from django.core.management.base import BaseCommand, CommandError

from proposals.models import PanelDraw
from proposals.services import panel_draw_replay


class Command(BaseCommand):
    help = (
        "Re-run the recorded panel draw of a scenario from its seed, pool snapshot and exclusions, print the panel "
        "and reserves it gives, and fail if that differs from the recorded order. Reads only; changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("scenario", type=int, help="id of the scenario whose draw to re-run")

    def handle(self, *args, scenario, **options):
        draw = PanelDraw.objects.filter(scenario_id=scenario).first()
        if draw is None:
            raise CommandError(f"No panel was drawn for scenario {scenario}.")
        replay = panel_draw_replay(draw)
        self.stdout.write(f"seed: {draw.seed}")
        self.stdout.write(f"pool: {len(draw.pool)} expert(s), excluded: {len(draw.excluded)}")
        self.stdout.write(f"panel: {' '.join(map(str, replay.members))}")
        self.stdout.write(f"reserves: {' '.join(map(str, replay.reserves)) or '-'}")
        if not replay.same:
            raise CommandError(f"The re-run order {replay.order} differs from the recorded order {draw.order}.")
        self.stdout.write("same order as recorded: yes")
