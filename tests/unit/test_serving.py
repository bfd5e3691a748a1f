"""serve's dispatcher puts a request that can write ahead of queued reads."""

from types import SimpleNamespace

from practicegraph.serving import WritesFirstDispatcher


def _channel(*methods: str):
    return SimpleNamespace(requests=[SimpleNamespace(command=m) for m in methods])


def test_a_write_goes_ahead_of_queued_reads_and_reads_keep_their_order():
    dispatcher = WritesFirstDispatcher()  # no threads started: the queue only fills
    reads = [_channel("GET") for _ in range(3)]
    for task in reads[:2]:
        dispatcher.add_task(task)
    write = _channel("POST")
    dispatcher.add_task(write)
    dispatcher.add_task(reads[2])
    assert list(dispatcher.queue) == [write, *reads]


def test_a_channel_without_parsed_requests_queues_as_a_read():
    dispatcher = WritesFirstDispatcher()
    first, odd = _channel("GET"), SimpleNamespace()
    dispatcher.add_task(first)
    dispatcher.add_task(odd)
    assert list(dispatcher.queue) == [first, odd]
