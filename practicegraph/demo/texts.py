"""Sentence templates for the demo corpus: agenda items, 003's peer-visit form, exchanges.

Each field has ten or more templates filled from the practice, the two teachers and their
classes, so the generated texts differ from record to record.
"""

from __future__ import annotations

# ---- agenda items ---------------------------------------------------------------------------

CONTENT_AGENDA = (
    "Lesson planning: {subject} for the next four weeks", "Model lesson: {name} demonstrates '{title}'",
    "Peer observation feedback on '{title}'", "Subject knowledge session: common misconceptions in {subject}",
    "Sharing resources: {name}'s materials for '{title}'", "Planning a joint {grade} {subject} lesson",
    "Reflection: what happened when we tried '{title}'", "Looking at learners' {subject} work together",
    "Choosing the focus for the next round of peer visits", "Co-planning an assessment task in {subject}",
    "Subject knowledge: {name} leads a session on teaching {subject} with few resources",
)

# ---- observation texts (003's peer-visit form) ----------------------------------------------

FOCUS = (
    "How {title} works with {n} learners in {grade} {subject}.",
    "Whether {title} keeps every learner involved, as it did in {ctx}.",
    "Following my self-evaluation: the questioning during {title}.",
    "Seeing {title} in a real {subject} lesson before trying it with my own {mygrade}.",
    "Timing and transitions in {title}; I lose ten minutes at each change of activity.",
    "How {observed} sets up {title} and what learners do while they wait for a turn.",
    "Second visit: checking the change we agreed to {title} in the last round.",
    "The {tag} element of {title} and whether the quieter learners take part.",
    "Which learners {title} reaches and which it misses in a class of {n}.",
    "How the materials for {title} are prepared, handed out and collected.",
    "The talk between learners during {title}: who explains, who copies.",
    "Whether {title} could work in my {mygrade} class, where there are {myn} learners.",
)
WORKED = (
    "Learners knew the routine of {title} without being told; it started within a minute.",
    "{observed} used the {tag} element well: almost every learner in the class of {n} answered at least once.",
    "The {board} was planned before the lesson and learners copied only what they needed.",
    "Clear match between the aim on the lesson plan and what actually happened in the lesson.",
    "Learners at the back joined in once {observed} moved along the rows instead of staying at the front.",
    "Good variety of resources, all cheap or home-made, and learners handled them carefully.",
    "A warm atmosphere: learners laughed and still stayed on task for most of the {subject} lesson.",
    "Learners explained their thinking to a partner before anyone answered aloud.",
    "The quick check at the end of {title} showed {observed} exactly who needed help tomorrow.",
    "Pace was brisk; no learner was idle for more than a couple of minutes.",
    "Learners corrected each other's work, so {observed} could spend time with the weakest group.",
    "By the end learners were using the {subject} vocabulary correctly without prompting.",
)
ADAPT = (
    "With {myn} learners I would split {title} into two shorter rounds so the back rows get a turn.",
    "When a learner arrives late, another learner could explain the task instead of the teacher stopping.",
    "Add an extension for quick finishers; several waited at the end with nothing to do.",
    "Less teacher talk at the start; let learners try the first example before it is explained.",
    "Share the aim with the learners at the beginning and come back to it at the end.",
    "Link back to the previous lesson before starting {title}.",
    "Try mixed-attainment groups instead of rows, so stronger learners can support others.",
    "Keep a tally of who answers so the same few learners do not dominate.",
    "Use {home} for the first explanation, then move to the language of the examination.",
    "Prepare the materials before break so less of the lesson is lost handing them out.",
    "Ask learners to write the next set of questions themselves.",
    "A five-minute version of {title} could work as a starter in other subjects too.",
)
REFLECT = (
    "I will try {title} with my {mygrade} next week, starting with one group only.",
    "Watching {observed} showed me the routine matters more than the materials; I had assumed we needed resources we do not have.",
    "We talked for twenty minutes afterwards. I am changing the opening for my class because my learners are {mydiff}.",
    "Not sure it fits my timetable yet; we agreed I would visit again in round {next_round}.",
    "I noticed how little {observed} talked. I will record my own lesson to compare.",
    "My learners are {mydiff}, so I will simplify the first step and see what happens.",
    "The action learning set helped me choose one change only: {change}.",
    "Reassuring to see {observed} meet the same problems I have with a class of {n}.",
    "I will bring my version to the next cluster meeting so the others can comment on it.",
    "{observed} asked me to watch the quiet learners; three never spoke. We will plan for them together.",
    "I tried something like this last year and dropped it; seeing it done well makes me want to try again.",
    "I realised most of my questions are recall; I will borrow {observed}'s follow-up questions.",
)
CHANGES = ("shorter turns", "a second set of cards", "pairs instead of groups", "a written exit slip",
           "starting outside", "learners leading the last five minutes", "a simpler first example",
           "a visual timetable on the {board}")
DIFFS = ("younger", "older", "in a multigrade room", "mostly new to the school", "in a much bigger class",
         "used to copying from the {board}", "more confident speakers")

EXCHANGE_FOCUS = {
    "mentoring": ("Mentoring in {subject}: planning and reviewing lessons built on '{title}'.",
                  "First-year support for {mentee}: classroom routines, starting from '{title}'.",
                  "Coaching rounds on questioning in {subject}, using '{title}' as the model.",
                  "{mentor} and {mentee} plan, teach and review one {subject} lesson a fortnight."),
    "peer-pairing": ("Peer pairing across two schools: both try '{title}' and compare notes.",
                     "Two {subject} teachers swap a lesson each round and plan the next together.",
                     "Brokered pairing: {a} and {b} test '{title}' in very different classes.",
                     "Reciprocal visits on '{title}'; each changes one thing after every round."),
    "triad": ("Triad on {tag}: each member visits the other two and brings one change back.",
              "Three teachers take turns to teach, observe and reflect on '{title}'.",
              "Research triad: does '{title}' help the learners who usually stay silent?"),
    "joint-planning": ("Joint planning of a unit of {subject} work around '{title}'.",
                       "Planning together so '{title}' fits a different class and timetable.",
                       "{a} and {b} rewrite the lesson plan for '{title}' line by line."),
    "research-pod": ("Research pod: collecting learner voice on '{title}'.",
                     "Pod enquiry into {tag} across three colleges, starting from '{title}'."),
}
EXCHANGE_REFLECT = {
    "mentoring": ("My mentee's questions made me explain steps I had stopped noticing.",
                  "We moved from me showing to both of us trying things by the third round.",
                  "Four rounds were not enough; we have agreed to continue next term.",
                  "Being observed by my mentor felt less like an inspection once we agreed the focus together."),
    "peers": ("We both changed something: the routine is now shorter in both classes.",
              "Having a partner outside my school made it easier to admit what was not working.",
              "The broker's introduction mattered: we would not have met otherwise.",
              "Planning together took longer than expected but the lesson was better for it.",
              "Our classes are very different, which made the changes more interesting than the copying."),
}
REPLICATION_NOTES = (
    "Used as demonstrated; only the class lists and groupings were changed.",
    "Used as is, with the timing shortened to fit a {mins}-minute period.",
    "Kept the same steps; the examples were swapped for ones from this class's {subject} scheme.",
    "No change to the routine; the materials were copied from the original teacher's set.",
    "Used unchanged for a term before deciding whether to adapt it.",
    "Same routine and materials; learners were given the instructions in {home} first.",
    "Repeated exactly as observed, including the closing check.",
    "Used as is with a second {grade} class in the same week.",
)
REPLICATION_WHY = (
    "It worked with a class of a similar size in {author}'s school, so nothing needed changing.",
    "{author} demonstrated it with learners very like ours.",
    "The cluster agreed to try it unchanged first and compare results.",
    "It fitted the existing timetable and needed no new materials.",
    "Learners had already met it in {author}'s class before moving schools.",
)
REVISION = (
    "Revised after exchanging lessons with {adopter}, whose adaptation is now offered here as an option: {change}",
    "Version {version} adds, as an alternative for classes like theirs, the change {adopter} made when adapting it: {change}",
    "After {adopter}'s feedback this version keeps the original routine and adds their variation: {change}",
)
RESOURCE_TITLES = {
    "lesson-plan": "Lesson plan: {title}", "worksheet": "Worksheet for '{title}' ({grade})",
    "scheme-of-work": "Scheme of work: {subject} built around '{title}'", "video": "Video: {name} teaching '{title}'",
    "slides": "Slides and prompts for '{title}'", "assessment-task": "Assessment task to go with '{title}'",
}
