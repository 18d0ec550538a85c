"""The activities a lesson shows: one module per kind of content, holding its widget and its content kind.

Each activity type is a set: ``activities/<name>.py`` (the widget and the content kind it
registers), ``scoring/<rule>.py`` (how an answer is checked, pure Python), ``static/<name>.js``
and ``.css`` (the front end) and ``data/<folder>/`` (the content files). Nothing is imported here:
``import widgets`` loads an activity only when a lesson first uses it.
"""
