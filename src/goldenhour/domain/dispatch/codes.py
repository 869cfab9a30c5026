"""Incident vocabulary from NEMSIS v3.5: dispatch reasons, types of service, time elements.

The codes are the national standard's, stored as the code and shown by the name, so every
incident exports to NEMSIS without a translation table and every agency's data compares.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from goldenhour.domain.shared.errors import InvalidInput

# NEMSIS eDispatch.01 "Dispatch Reason": all 50 codes.
DISPATCH_REASONS: Mapping[str, str] = {
    "2301001": "Abdominal Pain/Problems",
    "2301003": "Allergic Reaction/Stings",
    "2301005": "Animal Bite",
    "2301007": "Assault",
    "2301009": "Automated Crash Notification",
    "2301011": "Back Pain (Non-Traumatic)",
    "2301013": "Breathing Problem",
    "2301015": "Burns/Explosion",
    "2301017": "Carbon Monoxide/Hazmat/Inhalation/CBRN",
    "2301019": "Cardiac Arrest/Death",
    "2301021": "Chest Pain (Non-Traumatic)",
    "2301023": "Choking",
    "2301025": "Convulsions/Seizure",
    "2301027": "Diabetic Problem",
    "2301029": "Electrocution/Lightning",
    "2301031": "Eye Problem/Injury",
    "2301033": "Falls",
    "2301035": "Fire",
    "2301037": "Headache",
    "2301039": "Healthcare Professional/Admission",
    "2301041": "Heart Problems/AICD",
    "2301043": "Heat/Cold Exposure",
    "2301045": "Hemorrhage/Laceration",
    "2301047": "Industrial Accident/Inaccessible Incident/Other Entrapments (Non-Vehicle)",
    "2301049": "Medical Alarm",
    "2301051": "No Other Appropriate Choice",
    "2301053": "Overdose/Poisoning/Ingestion",
    "2301055": "Pandemic/Epidemic/Outbreak",
    "2301057": "Pregnancy/Childbirth/Miscarriage",
    "2301059": "Psychiatric Problem/Abnormal Behavior/Suicide Attempt",
    "2301061": "Sick Person",
    "2301063": "Stab/Gunshot Wound/Penetrating Trauma",
    "2301065": "Standby",
    "2301067": "Stroke/CVA",
    "2301069": "Traffic/Transportation Incident",
    "2301071": "Transfer/Interfacility/Palliative Care",
    "2301073": "Traumatic Injury",
    "2301075": "Well Person Check",
    "2301077": "Unconscious/Fainting/Near-Fainting",
    "2301079": "Unknown Problem/Person Down",
    "2301081": "Drowning/Diving/SCUBA Accident",
    "2301083": "Airmedical Transport",
    "2301085": "Altered Mental Status",
    "2301087": "Intercept",
    "2301089": "Nausea",
    "2301091": "Vomiting",
    "2301093": "Hanging/Strangulation/Asphyxiation",
    "2301095": "Intoxicated Subject",
    "2301097": "EMS Requested by Law Enforcement",
    "2301099": "Active Shooter",
}

# NEMSIS eResponse.05 "Type of Service Requested".
TYPES_OF_SERVICE: Mapping[str, str] = {
    "2205001": "Emergency Response (Primary Response Area)",
    "2205003": "Emergency Response (Intercept)",
    "2205009": "Emergency Response (Mutual Aid)",
    "2205005": "Hospital-to-Hospital Transfer",
    "2205015": "Hospital to Non-Hospital Facility Transfer",
    "2205017": "Non-Hospital Facility to Non-Hospital Facility Transfer",
    "2205019": "Non-Hospital Facility to Hospital Transfer",
    "2205007": "Other Routine Medical Transport",
    "2205011": "Public Assistance",
    "2205013": "Standby",
    "2205021": "Support Services",
    "2205023": "Non-Patient Care Rescue/Extrication",
    "2205025": "Crew Transport Only",
    "2205027": "Transport of Organs or Body Parts",
    "2205029": "Mortuary Services",
    "2205031": "Mobile Integrated Health Care Encounter",
    "2205033": "Evaluation for Special Referral/Intake Programs",
    "2205035": "Administrative Operations",
}


class TimeElement(StrEnum):
    """NEMSIS eTimes elements an incident and its units pass through (value = element id)."""

    PSAP_CALL = "eTimes.01"
    DISPATCH_NOTIFIED = "eTimes.02"
    UNIT_NOTIFIED = "eTimes.03"
    DISPATCH_ACKNOWLEDGED = "eTimes.04"
    EN_ROUTE = "eTimes.05"
    ON_SCENE = "eTimes.06"
    AT_PATIENT = "eTimes.07"
    TRANSFER_OF_EMS_CARE = "eTimes.08"
    LEFT_SCENE = "eTimes.09"
    AT_DESTINATION_LANDING_AREA = "eTimes.10"
    AT_DESTINATION = "eTimes.11"
    DESTINATION_TRANSFER_OF_CARE = "eTimes.12"
    BACK_IN_SERVICE = "eTimes.13"
    CANCELED = "eTimes.14"
    BACK_AT_HOME = "eTimes.15"
    CALL_COMPLETED = "eTimes.16"
    AT_STAGING = "eTimes.17"

    @property
    def label(self) -> str:
        return _TIME_LABELS[self]


_TIME_LABELS = {
    TimeElement.PSAP_CALL: "PSAP Call Date/Time",
    TimeElement.DISPATCH_NOTIFIED: "Dispatch Notified Date/Time",
    TimeElement.UNIT_NOTIFIED: "Unit Notified by Dispatch Date/Time",
    TimeElement.DISPATCH_ACKNOWLEDGED: "Dispatch Acknowledged Date/Time",
    TimeElement.EN_ROUTE: "Unit En Route Date/Time",
    TimeElement.ON_SCENE: "Unit Arrived on Scene Date/Time",
    TimeElement.AT_PATIENT: "Arrived at Patient Date/Time",
    TimeElement.TRANSFER_OF_EMS_CARE: "Transfer of EMS Patient Care Date/Time",
    TimeElement.LEFT_SCENE: "Unit Left Scene Date/Time",
    TimeElement.AT_DESTINATION_LANDING_AREA: "Arrival at Destination Landing Area Date/Time",
    TimeElement.AT_DESTINATION: "Patient Arrived at Destination Date/Time",
    TimeElement.DESTINATION_TRANSFER_OF_CARE: "Destination Patient Transfer of Care Date/Time",
    TimeElement.BACK_IN_SERVICE: "Unit Back in Service Date/Time",
    TimeElement.CANCELED: "Unit Canceled Date/Time",
    TimeElement.BACK_AT_HOME: "Unit Back at Home Location Date/Time",
    TimeElement.CALL_COMPLETED: "EMS Call Completed Date/Time",
    TimeElement.AT_STAGING: "Unit Arrived at Staging Area Date/Time",
}


def dispatch_reason_code(value: str, field: str = "dispatch_reason") -> str:
    """The eDispatch.01 code for ``value`` (a code, or a name in any case)."""
    return _lookup(DISPATCH_REASONS, value, field, "dispatch reason (NEMSIS eDispatch.01)")


def type_of_service_code(value: str, field: str = "type_of_service") -> str:
    """The eResponse.05 code for ``value`` (a code, or a name in any case)."""
    return _lookup(TYPES_OF_SERVICE, value, field, "type of service (NEMSIS eResponse.05)")


def _lookup(codes: Mapping[str, str], value: str, field: str, what: str) -> str:
    text = str(value).strip()
    if text in codes:
        return text
    for code, name in codes.items():
        if name.casefold() == text.casefold():
            return code
    raise InvalidInput.for_field(field, f"unknown {what} {value!r}")
