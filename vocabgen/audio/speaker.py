"""`python -m vocabgen.audio.speaker`: the eSpeak NG speaker process (see offline.py).

A module of its own so that running it does not run offline.py a second time as
__main__ (the audio package imports offline.py first)."""

from .offline import serve

if __name__ == "__main__":
    serve()
