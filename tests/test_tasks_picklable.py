from __future__ import annotations

import cloudpickle
import pytest

from flows import timeline_flow


@pytest.mark.parametrize("name", ["read_documents", "tag_dates", "extract_events"])
def test_batch_tasks_can_be_shipped_to_dask_workers(name):
    task = getattr(timeline_flow, name)
    assert cloudpickle.loads(cloudpickle.dumps(task)).name == task.name


def test_the_flow_can_be_shipped_to_a_served_subprocess():
    flow = timeline_flow.timeline_flow
    assert cloudpickle.loads(cloudpickle.dumps(flow)).name == flow.name
