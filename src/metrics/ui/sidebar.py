"""The shared sidebar: the filters, bound to the address bar, and notices about bad links."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from metrics.dataset import Dataset
from metrics.filters import (
    KIND_PARAM,
    LANG_PARAM,
    MARKS_PARAM,
    PAGE_NOT_FOUND_PARAM,
    SPHERE_PARAM,
    YEAR_PARAM,
    Filters,
    filter_summary,
    ignored_param_notices,
    latest_accessed,
    nearest_year_range,
    page_not_found_notice,
    relabelled_choices,
    shows_everything,
    year_link_needs_mending,
)
from metrics.i18n import LANGUAGE_NAMES, N_, _, format_date, parse_language, set_language
from metrics.labels import ENGLISH, LANGUAGES
from metrics.safe_text import escape_markdown
from metrics.ui.loading import (
    FILTERS_STATE,
    FilterOptions,
    current_filter_options,
    every_language_filter_options,
)

# The notices about a link whose year range was mended, kept for the one rerun that follows.
CORRECTED_LINK_STATE = "_metrics_corrected_link"
APP_NAME = N_("Reform Metrics")
RESET_LABEL = N_("Reset filters")
CHOICES_LABEL = N_("Spheres, sources and reform marks")
# The language control's own key; the language lives in the link as ``lang`` (LANG_PARAM).
LANGUAGE_CHOICE_STATE = "_metrics_language"
# The expander of the spheres and source kinds (open or closed), read on the server.
CHOICES_STATE = "_metrics_choices"


def tab_title(page_title: str) -> str:
    """The browser tab's title for a page: 'Elections · Reform Metrics'."""
    return f"{page_title} · {_(APP_NAME)}"


def language_of_run(link: list[str], chosen: object) -> str:
    """The language of a run: the link's ``lang`` when it names one, else the one chosen.

    ``link`` is every ``lang`` value of the address bar (the last one counts), ``chosen`` the
    language control's value in session state (None before it is drawn). A link naming a
    language it does not have gives English (the sidebar says so).
    """
    if link:
        return parse_language(link[-1]) or ENGLISH
    return chosen if isinstance(chosen, str) and chosen in LANGUAGES else ENGLISH


def choose_language() -> str:
    """Set the language of this run, from the link or the language control, before any text.

    The link wins, so that a shared link, Back and Forward open in their language. The
    control is not bound to the link (a bound control writes its label, 'Қазақша', to the
    address bar, not the code); its callback writes ``lang`` instead, and a page switch,
    which drops unbound parameters, gets it back here.
    """
    link = st.query_params.get_all(LANG_PARAM)
    lang = language_of_run(link, st.session_state.get(LANGUAGE_CHOICE_STATE))
    st.session_state[LANGUAGE_CHOICE_STATE] = lang  # the control shows the language in force
    if not link and lang != ENGLISH:
        st.query_params[LANG_PARAM] = lang  # put back after a page switch
    set_language(lang)
    return lang


def language_changed() -> None:
    """The language control's callback: its choice into the link (English is no parameter)."""
    lang = st.session_state.get(LANGUAGE_CHOICE_STATE) or ENGLISH
    if lang == ENGLISH:
        st.query_params.pop(LANG_PARAM, None)
    else:
        st.query_params[LANG_PARAM] = lang


def language_control() -> None:
    """English, Қазақша, Русский in the sidebar: each language named in itself."""
    st.segmented_control(
        "Language · Тіл · Язык",
        options=list(LANGUAGES),
        required=True,
        format_func=LANGUAGE_NAMES.__getitem__,
        key=LANGUAGE_CHOICE_STATE,
        on_change=language_changed,
        label_visibility="collapsed",
        width="stretch",
    )


def default_values(options: FilterOptions) -> dict[str, object]:
    """Each filter's parameter and the value its widget has by default (everything)."""
    return {
        YEAR_PARAM: options.bounds,
        SPHERE_PARAM: list(options.spheres),
        KIND_PARAM: list(options.kinds),
    }


def reset_filters(options: FilterOptions) -> None:
    """Button callback: every filter back to its default; Streamlit then clears the link."""
    for name, value in default_values(options).items():
        st.session_state[name] = value


def sidebar_filters(dataset: Dataset) -> Filters:
    """The shared sidebar: year range, spheres and source kinds, each bound to the URL.

    Values in the link that cannot be used are reported in a visible notice.
    """
    options = current_filter_options()
    asked = st.query_params.get(PAGE_NOT_FOUND_PARAM)
    if asked is not None:  # the server's redirect of an address with no page
        del st.query_params[PAGE_NOT_FOUND_PARAM]
        st.warning(escape_markdown(page_not_found_notice(asked)), icon=":material/link_off:")
    bounds, spheres, kinds = options.bounds, options.spheres, options.kinds
    corrected = st.session_state.pop(CORRECTED_LINK_STATE, None)
    if corrected is not None:
        notices = corrected  # the link was mended by the rerun below; say what was changed
    else:
        raw = {name: st.query_params.get_all(name) for name in st.query_params}
        mend_link_choices(raw, options)  # labels of another language: this one's, and rerun
        notices = ignored_param_notices(raw, bounds, spheres, kinds) if raw else []
        if LANG_PARAM in raw and parse_language(raw[LANG_PARAM][-1]) is None:
            del st.query_params[LANG_PARAM]  # the address bar says what is shown: English
        if YEAR_PARAM in raw and year_link_needs_mending(raw[YEAR_PARAM], notices):
            mend_link_years(nearest_year_range(raw[YEAR_PARAM], bounds), bounds, notices)

    sphere_vocabulary = dataset.vocabularies["sphere"]
    with st.sidebar:
        language_control()
        st.header(_("Filters"), anchor=False)  # no link icon: nothing links to it
        first, last = bounds
        years = st.slider(
            _("Years"),
            min_value=first,
            max_value=last,
            value=bounds,
            step=1,
            key=YEAR_PARAM,
            bind="query-params",
        )
        # Pills, not multiselects: every option is visible at once and one click toggles it.
        # They sit in an expander, closed by default and summed up in the caption below. Not
        # a popover: the browser unmounts a closed popover's pills, so Streamlit dropped their
        # parameters from the link on Back and Forward, and a popover's content lies outside
        # the tab order (a keyboard could open it but never reach a pill). The expander's
        # pills are drawn while it is open or while a choice is not the default (so their
        # parameters are in the link and Back and Forward restore them); a closed expander at
        # the defaults draws nothing, which spares every page load the pills' drawing (make
        # bench), and opening it draws them, right after its own button in the tab order.
        # The switch of the reform marks follows the same rule.
        choices = st.expander(
            _(CHOICES_LABEL), icon=":material/filter_list:", key=CHOICES_STATE,
            on_change="rerun",
        )  # fmt: skip
        if choices.open or choices_chosen(options):
            chosen_spheres, chosen_kinds = (
                choices.pills(
                    label,
                    options=list(terms),
                    default=list(terms),
                    selection_mode="multi",
                    format_func=terms.__getitem__,
                    key=key,
                    bind="query-params",
                )
                for label, terms, key in (
                    (_("Sphere of reform"), spheres, SPHERE_PARAM),
                    (_("Source kind"), kinds, KIND_PARAM),
                )
            )
            # What the choices mean, in the expander's text rather than in help icons: a help
            # icon is a tooltip widget of its own, and every page load drew six of them
            choices.caption(
                escape_markdown(
                    "; ".join(
                        f"{dataset.label('sphere', term)}: {vocabulary_definition(dataset, 'sphere', term, definition)}"
                        for term, definition in sphere_vocabulary.definitions.items()
                    )
                    + ". "
                    + _(
                        "The core articles (with a reference text) are opinion pieces; choose "
                        "Opinion alone for them only."
                    )
                )
            )
            # The switch of the reform marks sits under the spheres, which choose the events
            # it marks; like the pills, it is drawn while open or while switched off.
            choices.toggle(
                _("Mark reform events on charts over time"),
                value=True,
                key=MARKS_PARAM,
                bind="query-params",
            )
        else:  # every sphere and kind: the pills' defaults, kept for when they are drawn
            chosen_spheres, chosen_kinds = list(spheres), list(kinds)
        first_year, last_year = (int(y) for y in years)
        filters = Filters((first_year, last_year), tuple(chosen_spheres), tuple(chosen_kinds))
        # one caption, not three: each Markdown element costs the browser on every page load
        lines = [
            escape_markdown(filter_summary(filters, spheres, kinds))
            + _(". The filters live in the address bar: copy the link to share this view."),
            escape_markdown(_("Dataset version {version}").format(version=dataset.version)),
        ]
        checked = latest_accessed(dataset.sources)
        if checked is not None:
            day = format_date(checked)
            lines.append(escape_markdown(_("Sources last checked {day}").format(day=day)))
        st.caption("  \n".join(lines))
        # Only when there is something to reset: a button that does nothing is noise, and
        # each element drawn costs every page load (make bench).
        if not shows_everything(filters, options.defaults):
            st.button(
                _(RESET_LABEL),
                icon=":material/restart_alt:",
                on_click=reset_filters,
                args=(options,),
            )

    if notices:
        shown = f"{filters.years[0]}–{filters.years[1]}"
        st.warning(
            "\n".join(f"- {escape_markdown(n)}" for n in notices)
            + "\n\n"
            + _(
                "Showing the nearest valid view: years {years}, {spheres} of {all_spheres} "
                "spheres, {kinds} of {all_kinds} source kinds."
            ).format(
                years=shown,
                spheres=len(filters.spheres),
                all_spheres=len(spheres),
                kinds=len(filters.kinds),
                all_kinds=len(kinds),
            ),
            icon=":material/link_off:",
        )
    st.session_state[FILTERS_STATE] = filters
    return filters


def mend_link_choices(raw: dict[str, list[str]], options: FilterOptions) -> None:
    """Put this language's labels in the link where it names spheres or kinds in another's.

    The pills write their labels to the link, so a link copied in Kazakh names them in
    Kazakh, and switching the language leaves the old labels in it. On a session's first run
    the parameters are not yet bound: the link is mended and the script reruns, so the pills
    start from the chosen terms. Later in a session they are bound and cannot be set; the
    pills keep their choice (Streamlit recovers it from session state) and ``raw`` is mended
    instead, so that no notice calls a label of another language unknown.
    """
    if SPHERE_PARAM not in raw and KIND_PARAM not in raw:
        return
    every = every_language_filter_options()
    changed = {}
    for name, labels, in_each in (
        (SPHERE_PARAM, options.spheres, [o.spheres for o in every]),
        (KIND_PARAM, options.kinds, [o.kinds for o in every]),
    ):
        if name in raw:
            mended = relabelled_choices(raw[name], labels, in_each)
            if mended != raw[name]:
                changed[name] = mended
    if not changed:
        return
    raw.update(changed)
    try:
        for name, values in changed.items():
            st.query_params[name] = values
    except StreamlitAPIException:
        return
    st.rerun()


def choices_chosen(options: FilterOptions) -> bool:
    """Whether the link or this session chose spheres or kinds other than all of them, or
    switched the reform marks off.

    The pills and the switch are drawn then even in a closed expander: a bound widget that is
    not drawn loses its parameter from the link.
    """
    defaults = default_values(options)
    for name in (SPHERE_PARAM, KIND_PARAM):
        if name in st.query_params:
            return True
        value = st.session_state.get(name)
        if value is not None and list(value) != defaults[name]:
            return True
    return MARKS_PARAM in st.query_params or st.session_state.get(MARKS_PARAM) is False


def vocabulary_definition(dataset: Dataset, vocabulary: str, term: str, english: str) -> str:
    """A vocabulary term's definition in the language of this run."""
    key = f"{vocabulary}.{term}"
    return dataset.translated("vocabulary", key, "description", english)


def mend_link_years(
    nearest: tuple[int, int] | None, bounds: tuple[int, int], notices: list[str]
) -> None:
    """Put the nearest valid year range in the address bar and rerun, before the slider exists.

    Streamlit seeds a bound slider from the link on a session's first run, before any value
    set in session state: a range it rejects (2010–2024) leaves the slider at its default and
    the address bar without a year, and a reversed one (2024, 2021) is taken as it is. So the
    link itself is mended, while the parameter is not yet bound, and the script reruns once;
    the notices are kept for that run. Later in a session the parameter is bound and cannot
    be set: then the nearest range goes to session state, which wins after the first run.
    """
    try:
        if nearest is None or nearest == bounds:
            del st.query_params[YEAR_PARAM]
        else:
            st.query_params[YEAR_PARAM] = [str(year) for year in nearest]
    except StreamlitAPIException:
        if nearest is not None:
            st.session_state[YEAR_PARAM] = nearest
        return
    st.session_state[CORRECTED_LINK_STATE] = notices
    st.rerun()
